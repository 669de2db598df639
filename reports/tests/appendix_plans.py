"""Plans with appendices for the document tests: a task list of real length
in groups, printed as the appendix "Phân công thực hiện", and the words a
reader should find in it."""

from __future__ import annotations

import datetime
import subprocess
import tempfile
import unicodedata

from plans.models import Plan

GROUPS = [
    "Củng cố tổ chức, nâng cao năng lực quản trị",
    "Phát triển sản xuất, kinh doanh",
    "Liên kết tiêu thụ sản phẩm",
]
VERBS = [
    "Rà soát, đánh giá",
    "Hướng dẫn, hỗ trợ",
    "Tập huấn, bồi dưỡng",
    "Kiểm tra, giám sát",
    "Tuyên truyền, vận động",
]
LEADS = ["UBND xã", "Phòng Kinh tế", "Hội Nông dân xã", "Liên minh HTX tỉnh"]
COLUMNS = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
ISSUED_ON = datetime.date(2022, 1, 5)
ATTACHED = "(Kèm theo Kế hoạch số 07/KH-UBND ngày 05/01/2022 của Ủy ban nhân dân xã Vĩnh Lợi)"


TASKS = 30  # rows of four lines and more: the list runs over several pages


def task_title(number: int) -> str:
    """Four lines and more in its column, so a row could be split across a page."""
    verb = VERBS[number % len(VERBS)]
    return (
        f"{verb} hoạt động của hợp tác xã số {number:02d} và xây dựng phương án sản xuất kinh doanh năm 2022, "
        "trong đó chú trọng rà soát điều lệ, quy chế hoạt động, tình hình tài chính, vốn góp của thành viên, "
        "kết quả sản xuất kinh doanh và khả năng liên kết với doanh nghiệp trong tiêu thụ sản phẩm"
    )


def with_task_list(plan: Plan, *, tasks: int = TASKS, listing: str = Plan.TaskListing.APPENDIX) -> Plan:
    """The plan with `tasks` grouped tasks in place of its own, issued as
    07/KH-UBND on 05/01/2022 so the appendices name it."""
    plan.tasks.all().delete()
    for i in range(tasks):
        plan.tasks.create(
            position=i,
            group=GROUPS[i * len(GROUPS) // tasks],
            title=task_title(i + 1),
            body=f"Nội dung thực hiện của nhiệm vụ số {i + 1:02d}.",
            lead_unit=LEADS[i % len(LEADS)],
            partner_units="HTX NN Vĩnh Lợi\nHội Nông dân xã",
            period_text=f"Quý {['I', 'II', 'III', 'IV'][i % 4]}/2022",
        )
    plan.task_listing = listing
    plan.save()
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ISSUED, number=7, issued_on=ISSUED_ON)
    plan.refresh_from_db()
    return plan


def layout_text(data: bytes) -> list[str]:
    """The PDF's lines as `pdftotext -layout` sets them, columns side by side."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", handle.name, "-"], check=True, capture_output=True, text=True
        ).stdout
    return unicodedata.normalize("NFC", out).splitlines()


def flat(text: str) -> str:
    return " ".join(text.split())
