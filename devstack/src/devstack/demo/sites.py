"""Demo sites of the site cluster: the portal, district sites and department sites."""

DEMO_SITES = [
    ("portal", "江城市人民政府门户网站"),
    ("xc-district", "新城区人民政府网站"),
    ("pq-district", "平桥区人民政府网站"),
    ("lj-county", "临江县人民政府网站"),
    ("fgw", "江城市发展和改革委员会网站"),
    ("rsj", "江城市人力资源和社会保障局网站"),
]
