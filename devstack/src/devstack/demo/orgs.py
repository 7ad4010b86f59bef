"""A realistic unit tree for one (fictional) city: 江城市, its departments, districts and
counties, their streets/towns and communities/villages."""

from __future__ import annotations

CITY = ("city", "江城市人民政府")

DEPARTMENTS = [
    ("zfb", "市人民政府办公室"),
    ("rx12345", "市12345政务服务便民热线中心"),
    ("fgw", "市发展和改革委员会"),
    ("jyj", "市教育局"),
    ("kjj", "市科学技术局"),
    ("gxj", "市工业和信息化局"),
    ("gaj", "市公安局"),
    ("mzj", "市民政局"),
    ("sfj", "市司法局"),
    ("czj", "市财政局"),
    ("rsj", "市人力资源和社会保障局"),
    ("zrzyj", "市自然资源和规划局"),
    ("sthjj", "市生态环境局"),
    ("zjj", "市住房和城乡建设局"),
    ("jtysj", "市交通运输局"),
    ("slj", "市水利局"),
    ("nyncj", "市农业农村局"),
    ("swj", "市商务局"),
    ("whlyj", "市文化广电和旅游局"),
    ("wjw", "市卫生健康委员会"),
    ("yjglj", "市应急管理局"),
    ("scjgj", "市市场监督管理局"),
    ("ybj", "市医疗保障局"),
    ("cgj", "市城市管理局"),
    ("xzspj", "市行政审批服务局"),
    ("gjj", "市住房公积金管理中心"),
    ("sjj", "市数据局"),
]

# district code, name, [streets/towns], whether rural (towns and villages)
DISTRICTS = [
    ("xc", "新城区", ["东街街道", "西关街道", "南湖街道", "北苑街道"], False),
    ("lc", "老城区", ["中山街道", "人民路街道", "鼓楼街道"], False),
    ("pq", "平桥区", ["平桥街道", "五里墩街道", "洋山街道", "甘岸街道"], False),
    ("dh", "东湖区", ["东湖街道", "翠湖街道", "湖滨街道"], False),
    ("xs", "西山区", ["西山街道", "金山街道", "碧鸡街道"], False),
    ("gx", "高新技术产业开发区", ["科创街道", "创业街道"], False),
    ("lj", "临江县", ["城关镇", "河口镇", "柳林镇", "石桥乡"], True),
    ("yt", "云台县", ["云台镇", "龙泉镇", "白沙乡"], True),
    ("qs", "青石县", ["青石镇", "马坪镇", "高田乡", "双河乡"], True),
]

URBAN_COMMUNITIES = ["幸福社区", "和平社区", "光明社区", "阳光社区", "翠苑社区", "金桥社区"]
RURAL_VILLAGES = ["东庄村", "李家村", "柳树湾村", "石门村", "新华村", "王营村"]


def city_tree() -> list[tuple[str, str, str, str | None]]:
    """(code, name, kind, parent_code), parents before children."""
    root_code, root_name = CITY
    nodes: list[tuple[str, str, str, str | None]] = [(root_code, root_name, "city", None)]
    nodes += [(code, name, "department", root_code) for code, name in DEPARTMENTS]
    for d_index, (d_code, d_name, streets, rural) in enumerate(DISTRICTS):
        nodes.append((d_code, d_name, "district", root_code))
        locals_ = RURAL_VILLAGES if rural else URBAN_COMMUNITIES
        for s_index, s_name in enumerate(streets, start=1):
            s_code = f"{d_code}-{s_index:02d}"
            nodes.append((s_code, s_name, "street", d_code))
            # 2–4 communities per street, varied so the tree is not uniform.
            count = 2 + (d_index + s_index) % 3
            for c_index in range(1, count + 1):
                c_name = s_name.removesuffix("街道").removesuffix("镇").removesuffix("乡")
                c_name += locals_[(s_index + c_index) % len(locals_)]
                nodes.append((f"{s_code}-{c_index:02d}", c_name, "community", s_code))
    return nodes
