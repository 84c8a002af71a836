from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("imports/", views.import_list, name="imports"),
    path("imports/<int:pk>/", views.run_detail, name="run"),
    path("imports/<int:pk>/confirm/", views.run_confirm, name="confirm"),
    path("imports/<int:pk>/cancel/", views.run_cancel, name="cancel"),
    path("imports/<int:pk>/retry/", views.run_retry, name="retry"),
]
