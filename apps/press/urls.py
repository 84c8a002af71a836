from django.urls import path

from . import views

app_name = "press"

urlpatterns = [
    path("press/", views.page_list, name="pages"),
    path("press/pages/<int:pk>/", views.page_detail, name="page"),
    path("press/articles/<int:pk>/", views.article_detail, name="article"),
    path("press/links/<int:pk>/decide/", views.link_decide, name="decide"),
]
