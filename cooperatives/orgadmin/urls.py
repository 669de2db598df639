"""URLs of cooperatives/orgadmin/."""

urlpatterns: list = []
