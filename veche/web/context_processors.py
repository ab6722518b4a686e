def shell(request):
    return {"territory": getattr(request, "territory", None)}
