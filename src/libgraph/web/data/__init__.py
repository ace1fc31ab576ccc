"""Data functions: plain dicts for pages, computed with SPARQL through the backend.

They know nothing about Flask requests; views pass them a :class:`~libgraph.web.state.Ctx`
and render what they return.
"""
