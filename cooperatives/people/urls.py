"""URLs of cooperatives/people/."""

urlpatterns: list = []
