"""The .tar.gz itself: written with a SHA-256 of every file as it goes in,
read back into a staging folder and checked whole before anything is restored."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from htxplan.storage import PARTIAL_PREFIX
from reports.backup import BackupError
from reports.backup.manifest import MANIFEST_NAME, sha256_of

# A restore unpacks into a folder of this name inside MEDIA_ROOT (so that
# its files are moved into place, not copied); a backup leaves such folders out.
STAGING_PREFIX = ".restore-"
MEDIA_FOLDER = "media"
TOP_FOLDERS = {"database", MEDIA_FOLDER}
# Evidence and rendered files are mostly compressed already (JPEG, PDF):
# a lighter level costs little size and much less time.
COMPRESS_LEVEL = 6


class _Hashing:
    """A file read through, with the SHA-256 of the bytes read."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def media_files(root: Path) -> list[tuple[str, Path]]:
    """Every regular file under MEDIA_ROOT as (path relative to it, in / form; its path)."""
    if not root.is_dir():
        return []
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith(STAGING_PREFIX))
        # A file still being written (htxplan/storage.py) is not in the archive: its row is not yet either.
        for name in sorted(name for name in names if not name.startswith(PARTIAL_PREFIX)):
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return found


def _add(tar: tarfile.TarFile, path: Path, arcname: str) -> dict[str, Any] | None:
    """The file into the archive; its SHA-256 and size, or None when it went
    away meanwhile (a rendered file pruned by `prune_rendered`)."""
    try:
        stream = open(path, "rb")
    except FileNotFoundError:
        return None
    with stream:
        info = tar.gettarinfo(arcname=arcname, fileobj=stream)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _Hashing(stream)
        tar.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": info.size}


def _add_bytes(tar: tarfile.TarFile, arcname: str, data: bytes) -> None:
    info = tarfile.TarInfo(arcname)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
    tar.addfile(info, io.BytesIO(data))


def archive_write(
    target: Path, *, dump: Path, dump_name: str, media_root: Path, manifest_for: Callable[..., dict[str, Any]]
) -> dict[str, Any]:
    """Writes the archive at `target` (under a temporary name until it is
    complete, readable by its owner only: it holds password hashes and
    private evidence) and returns its manifest, which it holds last;
    `manifest_for(database=..., media=...)` makes it from what went in."""
    partial = target.with_name(target.name + ".partial")
    handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with (
            os.fdopen(handle, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz", compresslevel=COMPRESS_LEVEL) as tar,
        ):
            database = {"file": dump_name, **_add(tar, dump, dump_name)}
            media = []
            for relative, path in media_files(media_root):
                entry = _add(tar, path, f"{MEDIA_FOLDER}/{relative}")
                if entry is not None:
                    media.append({"path": relative, **entry})
            manifest = manifest_for(database=database, media=media)
            _add_bytes(tar, MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _member_path(member: tarfile.TarInfo) -> PurePosixPath:
    path = PurePosixPath(member.name)
    allowed = path.parts and (path.parts[0] in TOP_FOLDERS or member.name == MANIFEST_NAME)
    if path.is_absolute() or ".." in path.parts or not allowed or not (member.isfile() or member.isdir()):
        raise BackupError(f"Bản sao lưu có mục lạ {member.name!r}: không phải tệp do lệnh backup ghi, không khôi phục.")
    return path


def archive_stage(archive: Path, staging: Path) -> dict[str, Any]:
    """Every file of the archive unpacked under `staging`; its manifest."""
    if not archive.is_file():
        raise BackupError(f"Không thấy tệp sao lưu {archive}.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                path = _member_path(member)
                if member.isfile():
                    target = staging.joinpath(*path.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(member) as source, open(target, "wb") as out:
                        while chunk := source.read(1024 * 1024):
                            out.write(chunk)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(
            f"Không đọc được {archive}: không phải tệp .tar.gz của lệnh backup, hoặc tệp bị hỏng ({error})."
        ) from error
    try:
        return json.loads((staging / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError) as error:
        raise BackupError(f"{archive} không có manifest.json đọc được: không phải bản sao lưu HTX Plan.") from error


def _expected(manifest: dict[str, Any]) -> dict[str, str]:
    """Path in the archive → SHA-256, for every file the manifest lists."""
    try:
        listed = {f"{MEDIA_FOLDER}/{entry['path']}": entry["sha256"] for entry in manifest["media"]}
        listed[manifest["database"]["file"]] = manifest["database"]["sha256"]
    except (KeyError, TypeError) as error:
        raise BackupError(f"manifest.json của bản sao lưu thiếu mục {error}: tệp bị hỏng.") from error
    return listed


def _few(names: list[str]) -> str:
    return ", ".join(sorted(names)[:5]) + (f" và {len(names) - 5} tệp khác" if len(names) > 5 else "")


def staged_check(staging: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest lists is there with its SHA-256, and no other."""
    listed = _expected(manifest)
    present = {
        path.relative_to(staging).as_posix()
        for path in staging.rglob("*")
        if path.is_file() and path.relative_to(staging).as_posix() != MANIFEST_NAME
    }
    changed = []
    for name in sorted(listed.keys() & present):
        with open(staging / name, "rb") as stream:
            if sha256_of(stream) != listed[name]:
                changed.append(name)
    problems = []
    if changed:
        problems.append(f"mã SHA-256 không khớp với manifest.json: {_few(changed)}")
    if missing := sorted(listed.keys() - present):
        problems.append(f"thiếu tệp: {_few(missing)}")
    if extra := sorted(present - listed.keys()):
        problems.append(f"có tệp không ghi trong manifest.json: {_few(extra)}")
    if problems:
        raise BackupError("Bản sao lưu đã bị thay đổi hoặc hỏng, chưa khôi phục gì: " + "; ".join(problems) + ".")


def media_place(staging: Path, manifest: dict[str, Any], media_root: Path) -> int:
    """The staged media files moved into MEDIA_ROOT, each read back and
    checked against its SHA-256; their total size."""
    total = 0
    for entry in manifest["media"]:
        relative = PurePosixPath(entry["path"])
        target = media_root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging.joinpath(MEDIA_FOLDER, *relative.parts), target)
        with open(target, "rb") as stream:
            if sha256_of(stream) != entry["sha256"]:
                raise BackupError(f"Tệp {target} ghi ra có mã SHA-256 khác với manifest.json: kiểm tra ổ đĩa.")
        total += entry["size"]
    return total
