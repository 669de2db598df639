"""Writing appendices and the task list's columns in the browser editor."""

from plans.models import Plan


def test_an_appendix_is_added_with_its_table_and_shown_as_a_table(plan_a, cast, login):
    client = login(cast["editor_a"])
    response = client.post(
        f"/plans/{plan_a.pk}/parts/appendix/add/",
        {
            "version": 1,
            "new-appendix-title": "Danh mục   công trình",
            "new-appendix-table": "TT | Công trình | Kinh phí\nI. Giao thông\n1 | Đường đal ấp 3 | 450",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    appendix = plan_a.appendices.get()
    assert appendix.title == "Danh mục công trình"
    assert appendix.columns_and_rows == (
        ["TT", "Công trình", "Kinh phí"],
        [["I. Giao thông"], ["1", "Đường đal ấp 3", "450"]],
    )
    assert '<th scope="row" colspan="3">I. Giao thông</th>' in html
    assert "<td>Đường đal ấp 3</td>" in html
    page = client.get(f"/plans/{plan_a.pk}/edit/").content.decode()
    assert 'id="phan-phu-luc"' in page and "Danh mục công trình" in page


def test_a_table_row_wider_than_its_heading_is_refused_and_the_typing_kept(plan_a, cast, login):
    table = "TT | Công trình\n1 | Đường | 450 | thừa"
    response = login(cast["editor_a"]).post(
        f"/plans/{plan_a.pk}/parts/appendix/add/",
        {"version": 1, "new-appendix-title": "Danh mục", "new-appendix-table": table},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Dòng 2 của bảng có 4 ô, nhiều hơn 2 cột của dòng tiêu đề." in html
    assert "1 | Đường | 450 | thừa" in html
    assert not plan_a.appendices.exists()


def test_an_appendix_without_a_title_is_refused_in_vietnamese(plan_a, cast, login):
    response = login(cast["editor_a"]).post(
        f"/plans/{plan_a.pk}/parts/appendix/add/",
        {"version": 1, "new-appendix-title": "  ", "new-appendix-table": "A | B"},
        HTTP_HX_REQUEST="true",
    )
    assert "Hãy nhập tên phụ lục." in response.content.decode()
    assert not plan_a.appendices.exists()


def test_a_task_keeps_the_columns_of_a_task_list(plan_a, cast, login):
    task = plan_a.tasks.get()
    response = login(cast["editor_a"]).post(
        f"/plans/{plan_a.pk}/parts/task/{task.pk}/",
        {
            "version": 1,
            f"task-{task.pk}-title": task.title,
            f"task-{task.pk}-group": "Ứng dụng khoa học kỹ thuật",
            f"task-{task.pk}-period_text": "Quý II/2022",
            f"task-{task.pk}-product": "50 ha phun bằng drone",
            f"task-{task.pk}-note": "Có hỗ trợ của huyện",
            f"task-{task.pk}-weight": 1,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    task.refresh_from_db()
    assert (task.group, task.period_text, task.product, task.note) == (
        "Ứng dụng khoa học kỹ thuật",
        "Quý II/2022",
        "50 ha phun bằng drone",
        "Có hỗ trợ của huyện",
    )
    assert "Thời gian thực hiện: Quý II/2022" in response.content.decode()


def test_the_plan_chooses_to_print_its_tasks_as_an_appendix_and_an_older_form_keeps_the_choice(plan_a, cast, login):
    client = login(cast["editor_a"])
    data = {
        "version": 1,
        "title": plan_a.title,
        "year": plan_a.year,
        "issuer_name": plan_a.issuer_name,
        "place": plan_a.place,
        "objectives_heading": "Mục tiêu",
        "tasks_heading": "Nhiệm vụ",
        "solutions_heading": "Giải pháp",
        "funding_heading": "Kinh phí",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN\r\nKT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        "task_listing": "both",
        "task_appendix_title": "Phân công thực hiện nhiệm vụ",
    }
    assert client.post(f"/plans/{plan_a.pk}/edit/", data).status_code == 302
    plan = Plan.objects.get(pk=plan_a.pk)
    assert (plan.task_listing, plan.task_appendix_title) == ("both", "Phân công thực hiện nhiệm vụ")
    assert plan.signer_authority.splitlines() == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    # A form posted without the two fields (an older page left open) keeps them.
    del data["task_listing"], data["task_appendix_title"]
    assert client.post(f"/plans/{plan_a.pk}/edit/", data | {"version": 2}).status_code == 302
    plan = Plan.objects.get(pk=plan_a.pk)
    assert (plan.task_listing, plan.task_appendix_title) == ("both", "Phân công thực hiện nhiệm vụ")


def test_the_history_names_an_added_appendix(plan_a, cast, login):
    client = login(cast["editor_a"])
    client.post(
        f"/plans/{plan_a.pk}/parts/appendix/add/",
        {"version": 1, "new-appendix-title": "Danh mục công trình", "new-appendix-table": "A | B"},
        HTTP_HX_REQUEST="true",
    )
    page = client.get(f"/plans/{plan_a.pk}/history/").content.decode()
    assert "phụ lục “Danh mục công trình”" in page


def test_a_task_written_quy_ii_gets_its_dates_and_a_whole_year_leaves_them_empty(plan_a, cast, login):
    task = plan_a.tasks.get()
    client = login(cast["editor_a"])
    base = {f"task-{task.pk}-title": task.title, f"task-{task.pk}-weight": 1}
    client.post(
        f"/plans/{plan_a.pk}/parts/task/{task.pk}/",
        {"version": 1, **base, f"task-{task.pk}-period_text": "Quý II/2022"},
        HTTP_HX_REQUEST="true",
    )
    task.refresh_from_db()
    assert (f"{task.start_on:%d/%m/%Y}", f"{task.due_on:%d/%m/%Y}") == ("01/04/2022", "30/06/2022")
    client.post(
        f"/plans/{plan_a.pk}/parts/task/{task.pk}/",
        {"version": 2, **base, f"task-{task.pk}-period_text": "Thường xuyên"},
        HTTP_HX_REQUEST="true",
    )
    task.refresh_from_db()
    assert task.period_text == "Thường xuyên" and (task.start_on, task.due_on) == (None, None)
    # Dates typed by hand are never overwritten.
    client.post(
        f"/plans/{plan_a.pk}/parts/task/{task.pk}/",
        {"version": 3, **base, f"task-{task.pk}-period_text": "Quý II/2022", f"task-{task.pk}-due_on": "2022-05-15"},
        HTTP_HX_REQUEST="true",
    )
    task.refresh_from_db()
    assert (task.start_on, f"{task.due_on:%d/%m/%Y}") == (None, "15/05/2022")
