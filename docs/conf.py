"""Sphinx configuration of gingham's documentation (MyST Markdown pages + autodoc of the built package).

Built by docs/tools/build_docs.py (ctest: docs_sphinx), which mirrors the repository's Markdown pages into the
build tree (this file at its root, so page paths and links are the repository's), writes the C++ API page
there, and runs sphinx-build with warnings as errors. The Python API is read from the built package:
PYTHONPATH must hold the build tree's python/ folder.
"""

project = "gingham"
author = "the gingham developers"
copyright = "2026, the gingham developers"  # noqa: A001  (Sphinx's name)

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon"]
source_suffix = {".md": "markdown"}
root_doc = "docs/index"

myst_heading_anchors = 3            # links to sections of a page: [x](design.md#layers)
autodoc_member_order = "bysource"
autodoc_typehints = "none"          # the docstrings say what they take
napoleon_google_docstring = False   # gingham's docstrings are prose with NumPy-style sections where any
napoleon_numpy_docstring = True
nitpicky = False                    # -n is given on the command line; missing references are then warnings

html_theme = "alabaster"
html_title = "gingham"
