"""The demo's own content, beside the seed document (data/seed_vinhloi_2021.json):
the second commune's plan and the progress HTX NN Vĩnh Lợi logged in 2021.
`manage.py seed_demo` loads them."""

SECOND_PLAN = {
    "format": "htxplan.plan/1",
    "document_type": "KH",
    "issuer": {"name": "ỦY BAN NHÂN DÂN XÃ PHÚ TÂN", "parent": "UBND HUYỆN CHÂU THÀNH", "abbreviation": "UBND"},
    "symbol": "KH-UBND",
    "place": "Phú Tân",
    "year": 2021,
    "title": "Củng cố, nâng chất hoạt động hợp tác xã năm 2021 (dữ liệu minh họa)",
    "legal_bases": [
        "Căn cứ kế hoạch số 18/KH/PNN&PTNN ngày 02/12/2020 của Phòng Nông nghiệp và Phát triển Nông thôn "
        "huyện Châu Thành về việc củng cố, nâng chất hợp tác xã năm 2021."
    ],
    "preamble": "Ủy ban nhân dân xã Phú Tân xây dựng Kế hoạch củng cố, nâng chất hoạt động Hợp tác xã "
    "Nông nghiệp Phú Tân năm 2021 như sau:",
    "objectives": {
        "heading": "Mục tiêu",
        "items": [{"title": "", "body": "Nâng cao chất lượng dịch vụ của HTX Nông nghiệp Phú Tân cho thành viên."}],
    },
    "tasks": {
        "heading": "Các nhiệm vụ trọng tâm",
        "items": [
            {
                "title": "Mở rộng dịch vụ cung ứng giống lúa xác nhận",
                "body": "Cung ứng giống lúa xác nhận cho thành viên trên toàn bộ diện tích vụ Đông Xuân.",
                "cooperative": "HTX NN Phú Tân",
                "due": "2021-12-31",
                "indicator": {"name": "Diện tích sử dụng giống xác nhận", "target": 300, "unit": "ha"},
                "weight": 2,
            },
            {
                "title": "Tập huấn kỹ thuật canh tác lúa an toàn",
                "body": "- Tổ chức 02 lớp tập huấn cho thành viên.\n- Phối hợp Trạm Khuyến nông huyện.",
                "cooperative": "HTX NN Phú Tân",
                "due": "2021-09-30",
                "weight": 1,
            },
        ],
    },
    "funding": {"heading": "Kinh phí hoạt động", "body": "Từ ngân sách xã và nguồn vốn của HTX."},
    "closing": "Trên đây là kế hoạch củng cố, nâng chất hoạt động Hợp tác xã Nông nghiệp Phú Tân năm 2021.",
    "recipients": [
        {"label": "Phòng NN&PTNT", "organization": "Phòng NN&PTNT huyện Châu Thành"},
        {"label": "HTX NN Phú Tân", "organization": "HTX NN Phú Tân"},
        {"label": "Lưu: VP", "archive": True},
    ],
    "signer": {"authority": "TM. ỦY BAN NHÂN DÂN XÃ", "title": "CHỦ TỊCH", "name": ""},
}


# Demo progress of the seed plan in 2021, as HTX NN Vĩnh Lợi might have logged
# it: (task position, date, percent, what was done, indicator value); the
# status follows from the percent, as it does in the form.
# The drone trial of task 2 counts hectares sprayed against its 50 ha target;
# tasks 1 and 3 are left unfinished, so the demo shows late and quiet tasks.
DEMO_PROGRESS = [
    (0, "2021-03-15", 20,
     "Tổ chức họp thành viên đầu năm, rà soát phương án sản xuất kinh doanh năm 2021; "
     "kiện toàn Ban kiểm soát theo Luật Hợp tác xã 2012.", None),
    (0, "2021-06-30", 50,
     "Hoàn thiện sổ sách kế toán 6 tháng đầu năm; duy trì dịch vụ làm đất và cung ứng vật tư cho 126 thành viên.",
     None),
    (0, "2021-09-30", 70,
     "Do giãn cách xã hội phòng, chống dịch COVID-19, đại hội thành viên thường niên phải hoãn; "
     "Hội đồng quản trị họp trực tuyến để điều hành sản xuất vụ Thu Đông.", None),
    (1, "2021-04-20", 20,
     "Phối hợp Trạm Khuyến nông huyện khảo sát, chọn 3 cánh đồng thử nghiệm; "
     "phun thuốc bảo vệ thực vật bằng máy bay không người lái trên 8 ha lúa vụ Hè Thu.", "8"),
    (1, "2021-07-15", 60,
     "Mở rộng phun thử nghiệm bằng drone lên 28 ha; ghi nhận tiết kiệm khoảng 90% lượng nước "
     "và 20–30% lượng thuốc so với phun thủ công.", "28"),
    (1, "2021-10-25", 100,
     "Hoàn thành thử nghiệm phun thuốc bằng drone trên 52 ha (vượt chỉ tiêu 50 ha); "
     "tổ chức hội thảo đầu bờ giới thiệu kết quả cho thành viên.", "52"),
    (2, "2021-05-10", 30,
     "Ký biên bản thỏa thuận liên kết tiêu thụ lúa vụ Hè Thu với một doanh nghiệp lương thực trong tỉnh "
     "trên diện tích 120 ha.", None),
    (2, "2021-08-20", 45,
     "Giãn cách xã hội do dịch COVID-19, doanh nghiệp chậm thu mua; HTX hỗ trợ thành viên bán lúa "
     "cho thương lái, việc ký hợp đồng vụ Thu Đông phải lùi lại.", None),
    (3, "2021-06-30", 40,
     "Xây dựng phương án sản xuất kinh doanh, quy chế hoạt động; cử 02 cán bộ quản lý dự lớp bồi dưỡng "
     "do Liên minh HTX tỉnh tổ chức.", None),
    (3, "2021-12-15", 100,
     "Hoàn thành đánh giá, phân loại HTX năm 2021; báo cáo tài chính năm được Ban kiểm soát thông qua.", None),
]  # fmt: skip
