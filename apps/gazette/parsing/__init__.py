"""Plain-Python parsing of gazette issues (公报): text in, dataclasses out.

Nothing here imports Django, so the parser is testable on its own and the same
code serves the management command and the browser upload.
"""

from .errors import GazetteFormatError
from .gazette import parse_gazette
from .model import Gazette

__all__ = ["Gazette", "GazetteFormatError", "parse_gazette"]
