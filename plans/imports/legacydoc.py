"""Word 97-2003 files (.doc) into .docx, by LibreOffice where the machine
has it: `soffice --headless --convert-to docx` in a temporary directory of
its own, with its own profile and HOME there so that two conversions at
once never share (and lock) one profile, and a time limit. Without
LibreOffice, a message says how to save the file as .docx.

A .doc is an OLE2 compound file (its first bytes D0 CF 11 E0 A1 B1 1A E1),
whatever its name; an old ".doc" may also be RTF, which LibreOffice reads
the same way. A .docx locked with a password is an OLE2 file too, holding
an encrypted package: it gets a message of its own."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF = b"{\\rtf"
TIMEOUT = 120  # seconds LibreOffice may take over one file (its first start makes a profile)


def is_ole2(content: bytes) -> bool:
    return content.startswith(OLE2)


def is_rtf(content: bytes) -> bool:
    return content.startswith(RTF)


def _streams_hold(content: bytes, name: str) -> bool:
    """Whether the compound file's directory names a stream `name` (as UTF-16)."""
    return name.encode("utf-16-le") in content


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(content: bytes) -> bytes:
    """The .docx LibreOffice makes of a .doc (or RTF) file."""
    if is_ole2(content) and _streams_hold(content, "EncryptedPackage"):
        raise ValidationError(_("Tệp Word có mật khẩu: hãy mở tệp trong Word, bỏ mật khẩu, lưu lại rồi tải lên lại."))
    if is_ole2(content) and not _streams_hold(content, "WordDocument"):
        raise ValidationError(
            _(
                "Tệp không phải văn bản Word (có thể là bảng tính Excel hoặc tệp khác của Office): "
                "hãy chọn đúng tệp kế hoạch."
            )
        )
    program = soffice()
    if program is None:
        raise ValidationError(
            _(
                "Máy chủ chưa đọc được tệp Word 97-2003 (.doc). Hãy mở tệp trong Word, chọn “Lưu thành” "
                "(Save As), chọn kiểu “Word Document (.docx)” rồi tải tệp .docx lên; hoặc tải lên bản PDF của kế hoạch."
            )
        )
    with tempfile.TemporaryDirectory(prefix="htxplan-doc-") as work:
        folder = Path(work)
        source = folder / "ke-hoach.doc"
        source.write_bytes(content)
        out = folder / "out"
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(source),
        ]
        _run(command, env={**os.environ, "HOME": str(folder)}, cwd=folder)
        converted = out / "ke-hoach.docx"
        if not converted.is_file():
            raise ValidationError(_("Không chuyển được tệp .doc sang .docx: tệp có thể bị hỏng hoặc có mật khẩu."))
        return converted.read_bytes()


def _run(command: list[str], *, env: dict[str, str], cwd: Path) -> None:
    """Runs LibreOffice in a process group of its own, ended whole if it runs over time."""
    process = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ValidationError(
            _("Chuyển tệp .doc sang .docx quá %(seconds)s giây nên đã dừng: hãy lưu tệp thành .docx rồi tải lên lại.")
            % {"seconds": TIMEOUT}
        ) from None
    finally:
        # Whatever LibreOffice left running in its group goes with it.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        process.wait()
