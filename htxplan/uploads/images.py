"""Photos made safe to show: decoded by Pillow and written anew.

Only the pixels of the first frame survive: whatever else the upload held
(HTML or script after the image or in a comment, EXIF with the GPS position,
XMP, thumbnails, other frames) is not in the new file. The EXIF orientation
is applied first, so the photo stands the way it was taken. An ICC colour
profile is kept when it still describes the pixels.

Photos (JPEG, WebP without transparency) become JPEG at quality 85; drawn
images (PNG, GIF, and WebP with transparency) become PNG, which loses
nothing and keeps transparency; an animated GIF or WebP keeps its first
frame. The longest side is at most MAX_SIDE pixels.

The size is read from the header before any pixel is decoded, so a small
file that would unpack to gigabytes (a decompression bomb) is refused
without being unpacked.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# The format Pillow must find for each type the content was detected as.
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/gif": "GIF"}

MAX_SIDE = 4000
# Pixels in the header at most. A JPEG is decoded straight at a fraction of
# its size (1/2, 1/4, 1/8: Pillow's draft mode), so a 108-megapixel phone
# photo costs the memory of a 27-megapixel one; the other formats are
# decoded whole, 4 bytes a pixel. Both are below Pillow's own bomb limit.
MAX_PIXELS_JPEG = 120_000_000
MAX_PIXELS_OTHER = 50_000_000

_PNG_MODES = {"1", "L", "LA", "I", "I;16", "RGB", "RGBA"}


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    content_type: str
    extension: str


def image_clean(upload: UploadedFile, detected: str, name: str) -> CleanImage:
    """The upload re-encoded, or a ValidationError saying why it cannot be."""
    upload.seek(0)
    try:
        # Pillow raises DecompressionBombError itself above twice its
        # MAX_IMAGE_PIXELS; below that, _check_size applies the limits above.
        # (Its warning between the two is left alone: silencing it would
        # change the process's warning filters under the other threads.)
        with Image.open(upload, formats=[PILLOW_FORMATS[detected]]) as opened:
            _check_size(opened, detected, name)
            icc = opened.info.get("icc_profile")
            picture = _decoded(opened)
        return _encoded(picture, detected, icc)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise _too_large(name, detected) from None
    except Exception:  # any decoder failure on uploaded bytes is a refusal, never a 500
        raise ValidationError(
            _(
                "Tệp “%(name)s” không đọc được như một ảnh (tệp hỏng, không trọn vẹn hoặc chỉ giả dạng ảnh). "
                "Hãy chụp lại hoặc gửi ảnh JPEG."
            )
            % {"name": name}
        ) from None
    finally:
        upload.seek(0)


def _check_size(opened: Image.Image, detected: str, name: str) -> None:
    width, height = opened.size
    if width * height > (MAX_PIXELS_JPEG if detected == "image/jpeg" else MAX_PIXELS_OTHER):
        raise _too_large(name, detected, width, height)


def _too_large(name: str, detected: str, width: int = 0, height: int = 0) -> ValidationError:
    limit = MAX_PIXELS_JPEG if detected == "image/jpeg" else MAX_PIXELS_OTHER
    size = _("%(width)s × %(height)s điểm ảnh") % {"width": width, "height": height} if width else _("quá lớn")
    return ValidationError(
        _(
            "Ảnh “%(name)s” có kích thước %(size)s, vượt quá mức máy chủ xử lý được "
            "(%(limit)s triệu điểm ảnh). Hãy gửi ảnh nhỏ hơn."
        )
        % {"name": name, "size": size, "limit": limit // 1_000_000}
    )


def _decoded(opened: Image.Image) -> Image.Image:
    """The first frame's pixels, turned as the EXIF says, no larger than MAX_SIDE."""
    width, height = opened.size
    scale = MAX_SIDE / max(width, height)
    if opened.format in ("JPEG", "MPO") and scale < 1:
        opened.draft(None, (math.ceil(width * scale), math.ceil(height * scale)))
    try:
        picture = ImageOps.exif_transpose(opened)
    except Exception:  # a damaged EXIF block is no reason to refuse the photo: it is shown as stored
        picture = opened.copy()
    if picture.mode in ("P", "PA") or "transparency" in picture.info:
        picture = picture.convert("RGBA" if _has_alpha(picture) else "RGB")
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return picture


def _has_alpha(picture: Image.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info


def _encoded(picture: Image.Image, detected: str, icc: bytes | None) -> CleanImage:
    as_png = detected in ("image/png", "image/gif") or (detected == "image/webp" and _uses_alpha(picture))
    if as_png:
        mode = picture.mode if picture.mode in _PNG_MODES else ("RGBA" if _has_alpha(picture) else "RGB")
    else:
        mode = picture.mode if picture.mode in ("L", "RGB") else "RGB"
    # A new image holds the pixels and nothing else: Pillow would otherwise
    # write back what it read into .info, a JPEG comment among them.
    clean = Image.new(mode, picture.size)
    clean.paste(picture if picture.mode == mode else picture.convert(mode))
    options: dict = {"icc_profile": icc} if icc and _profile_fits(icc, mode) else {}
    out = io.BytesIO()
    if as_png:
        clean.save(out, format="PNG", **options)
        return CleanImage(out.getvalue(), "image/png", "png")
    clean.save(out, format="JPEG", quality=85, optimize=True, **options)
    return CleanImage(out.getvalue(), "image/jpeg", "jpg")


def _uses_alpha(picture: Image.Image) -> bool:
    """Whether some pixel is not fully opaque."""
    if not _has_alpha(picture):
        return False
    return picture.convert("RGBA").getchannel("A").getextrema()[0] < 255


def _profile_fits(icc: bytes, mode: str) -> bool:
    """An ICC profile is kept only for pixels in its colour space (bytes 16-20
    of its header): a CMYK profile on pixels turned RGB would spoil them."""
    space = icc[16:20]
    return (space == b"RGB " and mode in ("RGB", "RGBA")) or (space == b"GRAY" and mode in ("L", "LA"))
