"""The search index: statements written as small documents (``documents``), one shard per
year, each indexed by its own Pagefind process and kept while unchanged (``pagefind``)."""
