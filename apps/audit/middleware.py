"""Records what no view has to remember: refused requests (403) and every file handed out.

A response carrying a file (``Content-Disposition`` with a filename: reports, ledger
exports, attachments, archived reports) is a download; a 403 is a permission denial,
with the message the 403 handler noted (``note_denial``); a few writes of other apps are
recorded by their URL name (``RECORDED_POSTS``).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from .services import Action, Outcome, audit_record

_FILENAME = re.compile(r"filename\*=(?:UTF-8|utf-8)''(?P<star>[^;]+)|filename=\"?(?P<plain>[^\";]+)\"?")


# Writes of other apps recorded by their URL name, so their views need not know the log.
RECORDED_POSTS = {
    "intake:confirm": Action.IMPORT_CONFIRMED,
    "intake:cancel": Action.IMPORT_CANCELLED,
}


def note_denial(request, message: str) -> None:
    """Called by the 403 handler: the reason shown to the user goes into the record."""
    request.audit_denial_message = str(message)[:500]


def attachment_filename(response) -> str | None:
    disposition = response.get("Content-Disposition", "")
    if not disposition:
        return None
    match = _FILENAME.search(disposition)
    if match is None:
        return "" if disposition.lower().startswith("attachment") else None
    return unquote(match.group("star")) if match.group("star") else match.group("plain")


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            audit_record(
                action=Action.PERMISSION_DENIED,
                request=request,
                outcome=Outcome.DENIED,
                target=request.get_full_path()[:500],
                detail={
                    "method": request.method,
                    "message": getattr(request, "audit_denial_message", ""),
                    "view": _view_name(request),
                },
            )
        elif request.method == "POST" and _view_name(request) in RECORDED_POSTS:
            # A view may say what the request really did (a confirmation that only re-previewed).
            done = getattr(request, "audit_result", None)
            failed = response.status_code >= 400 or (done is not None and not done["success"])
            audit_record(
                action=RECORDED_POSTS[_view_name(request)],
                request=request,
                outcome=Outcome.FAILURE if failed else Outcome.SUCCESS,
                target=request.get_full_path()[:500],
                detail={
                    "status": response.status_code,
                    **(request.resolver_match.kwargs or {}),
                    **({"result": done["result"]} if done else {}),
                },
            )
        elif response.status_code == 200 and not getattr(response, "audit_recorded", False):
            filename = attachment_filename(response)
            if filename is not None:
                audit_record(
                    action=Action.DOWNLOAD,
                    request=request,
                    target=request.get_full_path()[:500],
                    detail={"filename": filename, "view": _view_name(request)},
                )
        return response


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""
