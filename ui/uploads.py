"""Bounds on what uploads may hold in the server's memory.

Streamlit keeps every uploaded file in memory until its session ends (and a while after a disconnect), and its
size cap (server.maxUploadSize) is per file: a script that PUTs file after file to its own session's upload URL
fills the server. The lab wraps the runtime's upload store once per process: a session may hold at most
SESSION_FILES files and SESSION_MB megabytes, the whole server SERVER_MB (AEVAE_UPLOADS_MB); beyond, the upload is
refused with HTTP 413 and a log line, and nothing held before is lost.
"""

from __future__ import annotations

import logging
import os

SESSION_FILES = 2  # the lab has one uploader of one file: a replaced file is deleted by the browser first
SESSION_MB = 10
log = logging.getLogger("aevae.uploads")


def server_mb() -> int:
    try:
        return max(10, int(os.environ.get("AEVAE_UPLOADS_MB", 200)))
    except ValueError:
        return 200


def guard() -> bool:
    """Wrap the running server's upload store with the bounds above (once; a no-op outside a server). Returns
    whether the store is guarded."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return False
    mgr = Runtime.instance().uploaded_file_mgr
    if getattr(mgr, "_aevae_guarded", False):
        return True
    if not hasattr(mgr, "file_storage") or not hasattr(mgr, "_lock"):
        log.warning("unknown upload store %s: uploads are not bounded", type(mgr).__name__)
        return False
    add_file = mgr.add_file

    def bounded_add_file(session_id: str, file) -> None:
        from starlette.exceptions import HTTPException

        with mgr._lock:
            held = {k: len(f.data) for k, f in mgr.file_storage.get(session_id, {}).items() if k != file.file_id}
            total = sum(len(f.data) for files in mgr.file_storage.values() for f in files.values())
        size = len(file.data)
        if len(held) >= SESSION_FILES or sum(held.values()) + size > SESSION_MB << 20:
            n, held_bytes = len(held), sum(held.values())
            log.warning("upload refused: session %s holds %d files, %d bytes", session_id[:8], n, held_bytes)
            raise HTTPException(status_code=413, detail="This session holds too many uploads; reload the page.")
        if total + size > server_mb() << 20:
            log.warning("upload refused: the server holds %d bytes of uploads", total)
            raise HTTPException(status_code=413, detail="The server holds too many uploads; try again later.")
        add_file(session_id, file)

    mgr.add_file = bounded_add_file
    mgr._aevae_guarded = True
    return True
