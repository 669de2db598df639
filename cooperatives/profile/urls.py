"""URLs of cooperatives/profile/."""

urlpatterns: list = []
