from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.centre, name="centre"),
    path("notifications/<int:pk>/", views.open_message, name="open"),
    path("notifications/read-all/", views.mark_all_read, name="mark_all_read"),
]
