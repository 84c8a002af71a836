"""Plain-Python parsing of gazette issues (公报): text in, dataclasses out.

Nothing here imports Django, so the parser is testable on its own and the same
code serves the management command and the browser upload.
"""

from .document import parse_document
from .errors import GazetteFormatError
from .gazette import parse_gazette
from .model import Document, Gazette

__all__ = ["Document", "Gazette", "GazetteFormatError", "parse_document", "parse_gazette"]
