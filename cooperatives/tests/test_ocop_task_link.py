"""A plan's task names the OCOP product it works for; only the commune's
products may be chosen, and the product page lists the tasks."""

from cooperatives.models import OcopGroup, OcopProduct


def _product(coop, name):
    return OcopProduct.objects.create(
        cooperative=coop, name=name, group=OcopGroup.objects.get(code="thuc-pham"), stars=3
    )


def _post(client, plan, task, product):
    return client.post(
        f"/plans/{plan.pk}/parts/task/{task.pk}/",
        {
            "version": plan.version,
            f"task-{task.pk}-title": task.title,
            f"task-{task.pk}-weight": 1,
            f"task-{task.pk}-cooperative": task.cooperative_id,
            f"task-{task.pk}-ocop_product": product.pk,
        },
        HTTP_HX_REQUEST="true",
    )


def test_a_task_names_its_product_and_both_pages_show_the_link(login, cast, coops, plan_a):
    product = _product(coops["a"], "Gạo thơm Vĩnh Lợi")
    task = plan_a.tasks.get()
    client = login(cast["editor_a"])
    _post(client, plan_a, task, product)
    task.refresh_from_db()
    assert task.ocop_product == product
    assert "Phun thuốc bằng drone" in client.get(product.get_absolute_url()).content.decode()
    html = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "Gạo thơm Vĩnh Lợi" in html and product.get_absolute_url() in html


def test_another_communes_product_is_refused(login, cast, coops, plan_a):
    other = _product(coops["b"], "Bưởi Phú Tân")
    task = plan_a.tasks.get()
    html = _post(login(cast["editor_a"]), plan_a, task, other).content.decode()
    assert "không thuộc hợp tác xã nào của xã" in html
    task.refresh_from_db()
    assert task.ocop_product is None


def test_a_product_of_another_cooperative_than_the_tasks_is_refused(login, cast, coops, plan_a, orgs):
    from cooperatives.models import Cooperative, Organization

    org = Organization.objects.create(
        name="HTX Dịch vụ Vĩnh Lợi",
        short_name="HTX DV Vĩnh Lợi",
        kind=Organization.Kind.COOPERATIVE,
        unit=orgs["htx_a"].unit,
    )
    neighbour = _product(Cooperative.objects.create(organization=org), "Mật ong")
    task = plan_a.tasks.get()
    html = _post(login(cast["editor_a"]), plan_a, task, neighbour).content.decode()
    assert "không phải của hợp tác xã báo cáo nhiệm vụ" in html
