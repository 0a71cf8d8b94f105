"""r2p-archive: a static-site generator for a documentary archive of the Responsibility to Protect."""

__version__ = "0.1.0"
