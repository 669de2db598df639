"""Photos are decoded and written anew: polyglots lose their HTML, GPS and
other metadata are dropped, the orientation is applied, bombs are refused."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image, ImageCms

from plans.models import ProgressUpdate
from plans.progress.evidence import evidence_check
from plans.progress.services import progress_log

HTML = b"<html><script>alert(1)</script></html>"


def upload(data: bytes, name: str = "anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def saved(image: Image.Image, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def clean_of(data: bytes, name: str = "anh.jpg"):
    (checked,) = evidence_check([upload(data, name)])
    return checked


def refusal(data: bytes, name: str = "anh.jpg") -> str:
    with pytest.raises(ValidationError) as error:
        evidence_check([upload(data, name)])
    return " ".join(error.value.messages)


def photo_bytes(size=(64, 48), **options) -> bytes:
    return saved(Image.new("RGB", size, (40, 160, 60)), "JPEG", **options)


def stored_evidence(task, user, data: bytes, name: str = "anh.jpg"):
    update = progress_log(
        task=task,
        user=user,
        reported_on=timezone.localdate(),
        percent=10,
        work_done="Ảnh hiện trường.",
        files=[upload(data, name)],
    )
    return update.evidence.get()


# --- Polyglots -------------------------------------------------------------


def test_a_jpeg_with_html_after_its_end_is_stored_without_the_html_and_served_as_an_image(task_a, cast, login):
    polyglot = photo_bytes() + HTML
    assert Image.open(io.BytesIO(polyglot)).format == "JPEG"  # a real JPEG...
    evidence = stored_evidence(task_a, cast["staff_a"], polyglot, "anh.jpg")

    stored = evidence.file.read()
    assert b"<html" not in stored and b"<script" not in stored
    response = login(cast["staff_a"]).get(f"/evidence/{evidence.pk}/")
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"<script" not in b"".join(response.streaming_content)
    # The photo as sent still holds it, and is only ever a download of no particular type.
    original = login(cast["staff_a"]).get(f"/evidence/{evidence.pk}/original")
    assert original["Content-Type"] == "application/octet-stream"
    assert original["Content-Disposition"].startswith("attachment;")
    assert original["X-Content-Type-Options"] == "nosniff"


def test_a_jpeg_with_html_in_a_comment_segment_loses_it():
    polyglot = photo_bytes(comment=HTML)
    assert Image.open(io.BytesIO(polyglot)).info["comment"] == HTML

    checked = clean_of(polyglot)

    assert checked.content_type == "image/jpeg"
    assert b"<html" not in checked.clean and b"script" not in checked.clean
    assert "comment" not in Image.open(io.BytesIO(checked.clean)).info


def test_a_gif_header_followed_by_html_is_refused_and_nothing_is_stored(task_a, cast):
    polyglot = b"GIF89a\x01\x00\x01\x00" + HTML
    with pytest.raises(ValidationError) as error:
        stored_evidence(task_a, cast["staff_a"], polyglot, "anh.gif")
    message = " ".join(error.value.message_dict["files"])
    assert "Tệp “anh.gif” không đọc được như một ảnh" in message
    assert not ProgressUpdate.objects.exists()


def test_a_real_gif_carrying_html_becomes_a_png_without_it():
    gif = saved(Image.new("P", (30, 20), 1), "GIF", comment=HTML) + HTML
    assert b"<html" in gif and Image.open(io.BytesIO(gif)).format == "GIF"

    checked = clean_of(gif, "anh.gif")

    assert (checked.detected, checked.content_type) == ("image/gif", "image/png")
    assert b"<html" not in checked.clean and checked.clean.startswith(b"\x89PNG")


def test_the_form_page_shows_the_refusal_and_keeps_the_typed_text(task_a, cast, login):
    client = login(cast["staff_a"])
    page = client.get(f"/tasks/{task_a.pk}/progress/new")
    data = {
        "submission_token": str(page.context["form"]["submission_token"].value()),
        "reported_on": timezone.localdate().isoformat(),
        "percent": "35",
        "work_done": "Gieo sạ 20 ha giống OM5451.",
        "files": [upload(b"GIF89a\x01\x00\x01\x00" + HTML, "anh.gif")],
    }

    response = client.post(f"/tasks/{task_a.pk}/progress/new", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp “anh.gif” không đọc được như một ảnh" in html
    assert "Gieo sạ 20 ha giống OM5451." in html
    assert not ProgressUpdate.objects.exists()


# --- Metadata and orientation -----------------------------------------------


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTimeOriginal] = "2021:06:30 08:15:00"
    exif[ExifTags.Base.Make] = "Máy ảnh"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (10.0, 15.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (105.0, 58.0, 12.0),
    }
    return exif


def test_gps_and_every_exif_tag_are_dropped_from_the_copy_and_kept_in_the_original(task_a, cast):
    sent = photo_bytes(exif=exif_with_gps())
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    evidence = stored_evidence(task_a, cast["staff_a"], sent)

    clean = evidence.file.read()
    assert b"Exif" not in clean and b"2021:06:30" not in clean
    assert not Image.open(io.BytesIO(clean)).getexif()
    original = Image.open(io.BytesIO(evidence.original.read()))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] == (10.0, 15.0, 30.0)


def test_xmp_is_dropped():
    sent = photo_bytes(xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>GPS 10.25N</rdf:RDF></x:xmpmeta>')
    assert b"xmpmeta" in sent
    assert b"xmpmeta" not in clean_of(sent).clean


def test_the_exif_orientation_is_applied():
    # Stored on its side (red left, blue right), with "turn 90° clockwise to view".
    sideways = Image.new("RGB", (40, 20), (255, 0, 0))
    sideways.paste((0, 0, 255), (20, 0, 40, 20))

    clean = Image.open(io.BytesIO(clean_of(saved(sideways, "JPEG", exif=exif_with_gps(orientation=6))).clean))

    assert clean.size == (20, 40)
    red, green, blue = clean.getpixel((10, 5))
    assert red > 200 and blue < 60  # left came to the top
    assert ExifTags.Base.Orientation not in clean.getexif()


def test_an_srgb_colour_profile_is_kept():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    clean = Image.open(io.BytesIO(clean_of(photo_bytes(icc_profile=srgb)).clean))
    assert clean.info["icc_profile"] == srgb


def test_a_large_photo_is_brought_down_to_4000_px_on_its_longest_side():
    clean = Image.open(io.BytesIO(clean_of(photo_bytes(size=(6000, 300))).clean))
    assert clean.size == (4000, 200)


# --- Formats ----------------------------------------------------------------


def test_a_png_with_transparency_stays_a_png_with_its_transparency():
    drawing = Image.new("RGBA", (30, 30), (0, 0, 0, 0))
    drawing.paste((200, 30, 30, 255), (5, 5, 25, 25))

    checked = clean_of(saved(drawing, "PNG"), "so-do.png")

    clean = Image.open(io.BytesIO(checked.clean))
    assert (checked.content_type, clean.format, clean.mode) == ("image/png", "PNG", "RGBA")
    assert clean.getpixel((0, 0))[3] == 0 and clean.getpixel((10, 10)) == (200, 30, 30, 255)


def test_a_webp_photo_becomes_a_jpeg_and_a_webp_with_transparency_a_png():
    photo = saved(Image.new("RGB", (30, 30), (40, 160, 60)), "WEBP")
    assert clean_of(photo, "anh.webp").content_type == "image/jpeg"
    see_through = saved(Image.new("RGBA", (30, 30), (40, 160, 60, 100)), "WEBP")
    assert clean_of(see_through, "anh.webp").content_type == "image/png"


def test_an_animated_gif_keeps_its_first_frame():
    frames = [Image.new("RGB", (20, 20), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])

    clean = Image.open(io.BytesIO(clean_of(buffer.getvalue(), "dong.gif").clean))

    assert getattr(clean, "n_frames", 1) == 1
    assert clean.convert("RGB").getpixel((5, 5))[0] > 200


def test_a_multi_picture_jpeg_from_a_phone_keeps_its_main_picture():
    main, preview = Image.new("RGB", (60, 40), (255, 0, 0)), Image.new("RGB", (30, 20), (0, 0, 255))
    mpo = saved(main, "MPO", save_all=True, append_images=[preview])
    assert Image.open(io.BytesIO(mpo)).format == "MPO"

    checked = clean_of(mpo)

    clean = Image.open(io.BytesIO(checked.clean))
    assert (checked.content_type, clean.format, clean.size) == ("image/jpeg", "JPEG", (60, 40))
    assert clean.getpixel((5, 5))[0] > 200


def test_heic_is_refused_with_the_way_to_send_jpeg():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\0" * 200
    message = refusal(heic, "IMG_0042.HEIC")
    assert "Ảnh “IMG_0042.HEIC” ở định dạng HEIC, máy chủ chưa đọc được. Hãy gửi ảnh JPEG" in message


def test_a_truncated_jpeg_is_refused():
    message = refusal(photo_bytes(size=(200, 200))[:300], "cut.jpg")
    assert "Tệp “cut.jpg” không đọc được như một ảnh" in message


# --- Decompression bombs ----------------------------------------------------


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims to be width × height, with next to no data: what a
    decompression bomb looks like to a server before it decodes it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    message = refusal(png_header_only(30_000, 30_000), "bom.png")
    assert "Ảnh “bom.png” có kích thước quá lớn, vượt quá mức máy chủ xử lý được (50 triệu điểm ảnh)" in message


def test_an_image_above_the_server_s_own_limit_is_refused_with_its_size():
    message = refusal(png_header_only(9_000, 9_000), "to.png")
    assert "Ảnh “to.png” có kích thước 9000 × 9000 điểm ảnh, vượt quá mức máy chủ xử lý được" in message
