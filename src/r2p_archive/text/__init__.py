"""Reading source texts: pure functions from text to the parts records are made of."""
