
app_name = "meetings"
urlpatterns: list = [
    # meeting pages (being built)
]
