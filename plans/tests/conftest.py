"""Fixtures of the plan tests: a plan ready to submit, a plan under way (issue 4) and evidence files."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from plans.models import Plan


@pytest.fixture
def ready(plan_a):
    """plan_a with what a submission needs: a task (from the fixture) and a recipient."""
    plan_a.recipients.create(position=0, label="Phòng NN&PTNT")
    return plan_a


@pytest.fixture
def plan_under_way(plan_a):
    """plan_a issued ten days ago; its one task is due in thirty days."""
    today = timezone.localdate()
    plan_a.status = Plan.Status.ISSUED
    plan_a.number = 3
    plan_a.issued_on = today - datetime.timedelta(days=10)
    plan_a.save()
    task = plan_a.tasks.get()
    task.due_on = today + datetime.timedelta(days=30)
    task.indicator_name = "Diện tích phun bằng drone"
    task.indicator_target = 50
    task.indicator_unit = "ha"
    task.save()
    return plan_a


@pytest.fixture
def task_a(plan_under_way):
    return plan_under_way.tasks.get()


def jpeg_bytes(size: int = 0) -> bytes:
    """A real JPEG photo, padded to at least `size` bytes."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (40, 160, 60)).save(buffer, format="JPEG")
    data = buffer.getvalue()
    return data + b"\0" * max(0, size - len(data))


def pdf_bytes() -> bytes:
    """A real one-page PDF, as a scanner or a word processor would write it (without its page's picture)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_BYTES = pdf_bytes()
# The first bytes of a Windows executable (MZ header, PE signature).
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 44 + b"\x80\0\0\0" + b"\0" * 64


@pytest.fixture
def photo():
    return lambda name="anh-ruong.jpg", size=0: SimpleUploadedFile(name, jpeg_bytes(size), content_type="image/jpeg")


@pytest.fixture
def scan():
    return lambda name="bien-ban.pdf": SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def renamed_exe():
    return lambda name="anh-ruong.jpg": SimpleUploadedFile(name, EXE_BYTES, content_type="image/jpeg")
