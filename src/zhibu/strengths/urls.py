app_name = "strengths"
urlpatterns: list = []
