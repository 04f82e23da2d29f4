
app_name = "compliance"
urlpatterns: list = [
    # compliance report, heatmap, rules (being built)
]
