"""Files staff upload, kept on the server between "check" and "confirm", and consultation folders unpacked from a
zip without trusting it: no path may leave the folder (zip-slip), no link, no more than a few hundred files, and
no more unpacked bytes than a content folder could need (zip bombs are caught by counting what is written, not by
believing the sizes the zip claims).
"""

from __future__ import annotations

import re
import secrets
import shutil
import stat
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from safevoice.content import ContentError, ContentErrors

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 300
MAX_MEMBER_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 25 * 1024 * 1024
#: Uploads not confirmed within this long are deleted when the next one arrives.
KEEP_UPLOADS_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _folder() -> Path:
    folder = Path(settings.SAFEVOICE_UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(upload: UploadedFile, *, suffix: str) -> str:
    """Store an uploaded file under a random token (returned); old unconfirmed uploads are removed."""
    folder = _folder()
    cutoff = time.time() - KEEP_UPLOADS_SECONDS
    for old in folder.iterdir():
        if old.is_file() and old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    with (folder / f"{token}{suffix}").open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def kept_upload(token: str, *, suffix: str) -> Path | None:
    if not _TOKEN.match(token or ""):
        return None
    path = _folder() / f"{token}{suffix}"
    return path if path.is_file() else None


def forget_upload(token: str, *, suffix: str) -> None:
    path = kept_upload(token, suffix=suffix)
    if path is not None:
        path.unlink(missing_ok=True)


def _problem(name: str, reason: str) -> ContentErrors:
    return ContentErrors([ContentError(Path(name), None, reason)])


def _safe_member_path(info: zipfile.ZipInfo) -> PurePosixPath | None:
    """The member's path if it stays inside the folder; None for anything that could escape or link out."""
    name = info.filename.replace("\\", "/")
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
        return None
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return None
    return path


@contextmanager
def unpacked_folder(zip_path: Path, *, shown_as: str) -> Iterator[Path]:
    """Unpack a zip into a temporary folder and yield the consultation folder inside it (the zip's single top
    folder, if it has one); the temporary folder is deleted afterwards. ContentErrors says what is wrong."""
    if not zipfile.is_zipfile(zip_path):
        raise _problem(shown_as, "this is not a zip file: zip the consultation's folder and upload the .zip")
    with tempfile.TemporaryDirectory(prefix="safevoice-upload-") as temporary:
        root = Path(temporary)
        try:
            with zipfile.ZipFile(zip_path) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                if not members:
                    raise _problem(shown_as, "the zip file is empty")
                if len(members) > MAX_MEMBERS:
                    raise _problem(
                        shown_as,
                        f"the zip holds {len(members)} files; a consultation folder has fewer than {MAX_MEMBERS}",
                    )
                written = 0
                for member in members:
                    path = _safe_member_path(member)
                    if path is None:
                        raise _problem(
                            shown_as,
                            f"{member.filename!r} points outside the folder, so nothing was unpacked",
                        )
                    if path.parts and path.parts[0] == "__MACOSX":
                        continue  # what macOS's Compress adds beside the files
                    target = root.joinpath(*path.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with archive.open(member) as source, target.open("wb") as out:
                        member_written = 0
                        while chunk := source.read(64 * 1024):
                            member_written += len(chunk)
                            written += len(chunk)
                            if member_written > MAX_MEMBER_BYTES:
                                raise _problem(
                                    shown_as,
                                    f"{member.filename!r} unpacks to more than {MAX_MEMBER_BYTES // 2**20} MB",
                                )
                            if written > MAX_TOTAL_BYTES:
                                raise _problem(
                                    shown_as, f"the zip unpacks to more than {MAX_TOTAL_BYTES // 2**20} MB"
                                )
                            out.write(chunk)
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            EOFError,
            OSError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            raise _problem(
                shown_as, f"the zip file cannot be read ({exc}); make it again and upload it"
            ) from None
        entries = [p for p in root.iterdir() if p.name != "__MACOSX"]
        folder = entries[0] if len(entries) == 1 and entries[0].is_dir() else root
        yield folder


def relative_errors(errors: ContentErrors, *, folder: Path) -> list[str]:
    """Each error as 'file:line: reason', the file named inside the uploaded folder, not the temporary one."""
    shown = []
    for error in errors.errors:
        try:
            name = error.file.relative_to(folder)
        except ValueError:
            name = error.file
        shown.append(str(ContentError(Path(name), error.line, error.reason.replace(str(folder) + "/", ""))))
    return shown


def remove_folder(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
