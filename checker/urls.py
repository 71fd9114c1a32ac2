app_name = "checker"
urlpatterns = []
