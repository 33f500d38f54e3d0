"""Cut the import cost of nbformat in our own processes.

``rfc3987-syntax`` (pulled in by jupyterlab) compiles a large grammar when jsonschema
imports it, adding ~2.5 s to every process that imports nbformat. jsonschema treats the
package as absent when ``sys.modules`` holds ``None`` for it; it is only used to check
the ``iri``/``uri`` string formats, which notebook validation never uses.
Call ``apply()`` before importing nbformat, papermill or nbconvert.
"""

from __future__ import annotations

import sys


def apply() -> None:
    """Mark ``rfc3987_syntax`` as absent unless something already imported it."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
