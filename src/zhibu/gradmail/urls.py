app_name = "gradmail"
urlpatterns: list = []
