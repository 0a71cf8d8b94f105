"""The published site: pure functions from the archive's records to pages.

Every page's context is prepared in Python, from records to plain dicts of labels and site
paths, so the Jinja templates only lay things out. Links are relative (each page knows its
``root``, e.g. "../../"), so the site works from any folder of any server; only canonical
links, JSON-LD ids, the sitemap and the feed use ``base_url``, and only when it is given.

The modules: ``lookups`` (the archive indexed for pages), ``links`` (the pieces pages show),
``frame`` (what every page shares, paging, the ``PageKind`` descriptor), one module per kind
of page (``home``, ``events``, ``people``, ``themes``, ``sources``, ``statements``,
``utility``), ``kinds`` (the table of kinds) and ``render`` (templates, digests, workers).
"""

from r2p_archive.site.render import Rendered, check_output_path, render_changed, render_site, site_lookups

__all__ = ["Rendered", "check_output_path", "render_changed", "render_site", "site_lookups"]
