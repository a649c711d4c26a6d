"""Citations as real texts write them, with what the parser must find in each.

Each case is (text, expected), expected a list of (symbol, type, issuer, date, body, span): the canonical symbol,
the type name, the issuer code, the date as ISO 8601 or None, the issuing body or None, and the text the
citation covers. Every expected value is written by hand.
"""

from __future__ import annotations

Expected = tuple[str, str, str, str | None, str | None, str]
Case = tuple[str, list[Expected]]

TU = "Ban Thường vụ Tỉnh ủy"
CENTRAL_6 = "Hội nghị lần thứ 6, Ban Chấp hành Trung ương Đảng khóa XII"

CASES: list[Case] = [
    # --- the shapes of the issue ------------------------------------------------------------------------------
    (
        "Đảng bộ được thành lập theo Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy.",
        [
            (
                "1628-QĐ/TU",
                "Quyết định",
                "TU",
                "2019-06-27",
                TU,
                "Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy",
            )
        ],
    ),
    (
        "theo tinh thần Nghị quyết số 18-NQ/TW của Hội nghị lần thứ 6, Ban Chấp hành Trung ương Đảng khóa XII; đồng chí",
        [("18-NQ/TW", "Nghị quyết", "TW", None, CENTRAL_6, "Nghị quyết số 18-NQ/TW của " + CENTRAL_6)],
    ),
    (
        "Triển khai Chỉ thị số 33-CT/TW, ngày 18-3-2019 của Ban Bí thư về tăng cường xây dựng tổ chức đảng",
        [("33-CT/TW", "Chỉ thị", "TW", "2019-03-18", "Ban Bí thư", "Chỉ thị số 33-CT/TW, ngày 18-3-2019 của Ban Bí thư")],
    ),
    ("bảo đảm theo Hướng dẫn số 08-HD/BTCTU.", [("08-HD/BTCTU", "Hướng dẫn", "BTCTU", None, None, "Hướng dẫn số 08-HD/BTCTU")]),
    ("thực hiện Đề án 08-ĐA/TU về sắp xếp", [("08-ĐA/TU", "Đề án", "TU", None, None, "Đề án 08-ĐA/TU")]),
    ("căn cứ Quy định 07-QĐi/TW", [("07-QĐi/TW", "Quy định", "TW", None, None, "Quy định 07-QĐi/TW")]),
    (
        "Nghị định số 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân",
        [("13/2023/NĐ-CP", "Nghị định", "CP", None, None, "Nghị định số 13/2023/NĐ-CP")],
    ),
    # --- the seed's own sentences' shapes ---------------------------------------------------------------------
    (
        "nội dung, quy trình sinh hoạt cơ bản bảo đảm theo Hướng dẫn số 08-HD/BTCTU, ngày 7-8-2018 của Ban Tổ chức Tỉnh ủy.",
        [
            (
                "08-HD/BTCTU",
                "Hướng dẫn",
                "BTCTU",
                "2018-08-07",
                "Ban Tổ chức Tỉnh ủy",
                "Hướng dẫn số 08-HD/BTCTU, ngày 7-8-2018 của Ban Tổ chức Tỉnh ủy",
            )
        ],
    ),
    (
        "thực hiện có hiệu quả Đề án số 08-ĐA/TU, ngày 24-8-2018 của Tỉnh ủy về đổi mới, sắp xếp tổ chức bộ máy",
        [("08-ĐA/TU", "Đề án", "TU", "2018-08-24", "Tỉnh ủy", "Đề án số 08-ĐA/TU, ngày 24-8-2018 của Tỉnh ủy")],
    ),
    (
        "Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy Sóc Trăng. Sau khi hợp nhất",
        [
            (
                "1628-QĐ/TU",
                "Quyết định",
                "TU",
                "2019-06-27",
                TU + " Sóc Trăng",
                "Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy Sóc Trăng",
            )
        ],
    ),
    # --- central Party documents --------------------------------------------------------------------------------
    (
        "Nghị quyết số 18-NQ/TW, ngày 25-10-2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng (khóa XII) về một số vấn đề",
        [
            (
                "18-NQ/TW",
                "Nghị quyết",
                "TW",
                "2017-10-25",
                "Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng (khóa XII)",
                "Nghị quyết số 18-NQ/TW, ngày 25-10-2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng (khóa XII)",
            )
        ],
    ),
    (
        "Nghị quyết số 19-NQ/TW ngày 25/10/2017 về tiếp tục đổi mới hệ thống tổ chức",
        [("19-NQ/TW", "Nghị quyết", "TW", "2017-10-25", None, "Nghị quyết số 19-NQ/TW ngày 25/10/2017")],
    ),
    (
        "Quy định số 07-QĐi/TW, ngày 28-8-2023 của Bộ Chính trị về xử lý kỷ luật tổ chức đảng",
        [("07-QĐi/TW", "Quy định", "TW", "2023-08-28", "Bộ Chính trị", "Quy định số 07-QĐi/TW, ngày 28-8-2023 của Bộ Chính trị")],
    ),
    (
        "Quy định số 105-QĐ/TW, ngày 19-12-2017 của Bộ Chính trị về phân cấp quản lý cán bộ",
        [
            (
                "105-QĐ/TW",
                "Quy định",
                "TW",
                "2017-12-19",
                "Bộ Chính trị",
                "Quy định số 105-QĐ/TW, ngày 19-12-2017 của Bộ Chính trị",
            )
        ],
    ),
    (
        "Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập",
        [("05-CT/TW", "Chỉ thị", "TW", "2016-05-15", "Bộ Chính trị", "Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị")],
    ),
    (
        "Kết luận số 21-KL/TW, ngày 25-10-2021 của Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XIII về đẩy mạnh",
        [
            (
                "21-KL/TW",
                "Kết luận",
                "TW",
                "2021-10-25",
                "Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XIII",
                "Kết luận số 21-KL/TW, ngày 25-10-2021 của Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XIII",
            )
        ],
    ),
    (
        "trình bày theo Hướng dẫn số 36-HD/VPTW, ngày 03-4-2018 của Văn phòng Trung ương Đảng.",
        [
            (
                "36-HD/VPTW",
                "Hướng dẫn",
                "VPTW",
                "2018-04-03",
                "Văn phòng Trung ương Đảng",
                "Hướng dẫn số 36-HD/VPTW, ngày 03-4-2018 của Văn phòng Trung ương Đảng",
            )
        ],
    ),
    (
        "Hướng dẫn số 12-HD/BTCTW ngày 06/7/2022 của Ban Tổ chức Trung ương về một số vấn đề cụ thể",
        [
            (
                "12-HD/BTCTW",
                "Hướng dẫn",
                "BTCTW",
                "2022-07-06",
                "Ban Tổ chức Trung ương",
                "Hướng dẫn số 12-HD/BTCTW ngày 06/7/2022 của Ban Tổ chức Trung ương",
            )
        ],
    ),
    (
        "Thông tri số 01-TT/TW của Ban Bí thư",
        [("01-TT/TW", "Thông tri", "TW", None, "Ban Bí thư", "Thông tri số 01-TT/TW của Ban Bí thư")],
    ),
    (
        "Quyết định số 99-QĐ/TW, ngày 03-10-2017 của Ban Chấp hành Trung ương ban hành",
        [
            (
                "99-QĐ/TW",
                "Quyết định",
                "TW",
                "2017-10-03",
                "Ban Chấp hành Trung ương",
                "Quyết định số 99-QĐ/TW, ngày 03-10-2017 của Ban Chấp hành Trung ương",
            )
        ],
    ),
    (
        "Kế hoạch số 07-KH/TW ngày 14-4-2021",
        [("07-KH/TW", "Kế hoạch", "TW", "2021-04-14", None, "Kế hoạch số 07-KH/TW ngày 14-4-2021")],
    ),
    ("Thông báo số 12-TB/TW.", [("12-TB/TW", "Thông báo", "TW", None, None, "Thông báo số 12-TB/TW")]),
    ("Quy chế số 01-QC/TU về làm việc", [("01-QC/TU", "Quy chế", "TU", None, None, "Quy chế số 01-QC/TU")]),
    (
        "Chương trình số 05-CTr/TU của Tỉnh ủy",
        [("05-CTr/TU", "Chương trình", "TU", None, "Tỉnh ủy", "Chương trình số 05-CTr/TU của Tỉnh ủy")],
    ),
    (
        "Báo cáo số 123-BC/ĐU ngày 15-12-2024",
        [("123-BC/ĐU", "Báo cáo", "ĐU", "2024-12-15", None, "Báo cáo số 123-BC/ĐU ngày 15-12-2024")],
    ),
    ("Tờ trình số 45-TTr/ĐUK gửi", [("45-TTr/ĐUK", "Tờ trình", "ĐUK", None, None, "Tờ trình số 45-TTr/ĐUK")]),
    (
        "Công văn số 789-CV/VPTU ngày 2-1-2020",
        [("789-CV/VPTU", "Công văn", "VPTU", "2020-01-02", None, "Công văn số 789-CV/VPTU ngày 2-1-2020")],
    ),
    (
        "Quyết định số 12-QĐ/UBKTTU ngày 10-9-2021 của Ủy ban Kiểm tra Tỉnh ủy",
        [
            (
                "12-QĐ/UBKTTU",
                "Quyết định",
                "UBKTTU",
                "2021-09-10",
                "Ủy ban Kiểm tra Tỉnh ủy",
                "Quyết định số 12-QĐ/UBKTTU ngày 10-9-2021 của Ủy ban Kiểm tra Tỉnh ủy",
            )
        ],
    ),
    (
        "Nghị quyết số 35-NQ/TW của Bộ Chính trị",
        [("35-NQ/TW", "Nghị quyết", "TW", None, "Bộ Chính trị", "Nghị quyết số 35-NQ/TW của Bộ Chính trị")],
    ),
    (
        "Quy định số 22-QĐi/TW ngày 28/7/2021",
        [("22-QĐi/TW", "Quy định", "TW", "2021-07-28", None, "Quy định số 22-QĐi/TW ngày 28/7/2021")],
    ),
    ("Kết luận 14-KL/TW", [("14-KL/TW", "Kết luận", "TW", None, None, "Kết luận 14-KL/TW")]),
    ("Chỉ thị 08-CT/TU", [("08-CT/TU", "Chỉ thị", "TU", None, None, "Chỉ thị 08-CT/TU")]),
    (
        "Kế hoạch số 115-KH/ĐUK ngày 3-3-2021 của Đảng ủy Khối",
        [
            (
                "115-KH/ĐUK",
                "Kế hoạch",
                "ĐUK",
                "2021-03-03",
                "Đảng ủy Khối",
                "Kế hoạch số 115-KH/ĐUK ngày 3-3-2021 của Đảng ủy Khối",
            )
        ],
    ),
    ("Hướng dẫn số 02-HD/UBKTTW", [("02-HD/UBKTTW", "Hướng dẫn", "UBKTTW", None, None, "Hướng dẫn số 02-HD/UBKTTW")]),
    (
        "Nghị quyết số 21-NQ/TW ngày 16-6-2022 của Hội nghị Trung ương 5 khóa XIII",
        [
            (
                "21-NQ/TW",
                "Nghị quyết",
                "TW",
                "2022-06-16",
                "Hội nghị Trung ương 5 khóa XIII",
                "Nghị quyết số 21-NQ/TW ngày 16-6-2022 của Hội nghị Trung ương 5 khóa XIII",
            )
        ],
    ),
    (
        "Quyết định số 286-QĐ/TW ngày 8-2-2010 của Bộ Chính trị",
        [
            (
                "286-QĐ/TW",
                "Quyết định",
                "TW",
                "2010-02-08",
                "Bộ Chính trị",
                "Quyết định số 286-QĐ/TW ngày 8-2-2010 của Bộ Chính trị",
            )
        ],
    ),
    (
        "Hướng dẫn số 01-HD/TW ngày 28-9-2021 của Ban Bí thư",
        [("01-HD/TW", "Hướng dẫn", "TW", "2021-09-28", "Ban Bí thư", "Hướng dẫn số 01-HD/TW ngày 28-9-2021 của Ban Bí thư")],
    ),
    (
        "Quyết định số 22-QĐ/TW ngày 28-7-2021 của Ban Chấp hành Trung ương",
        [
            (
                "22-QĐ/TW",
                "Quyết định",
                "TW",
                "2021-07-28",
                "Ban Chấp hành Trung ương",
                "Quyết định số 22-QĐ/TW ngày 28-7-2021 của Ban Chấp hành Trung ương",
            )
        ],
    ),
    (
        "Nghị quyết số 04-NQ/TW ngày 30-10-2016",
        [("04-NQ/TW", "Nghị quyết", "TW", "2016-10-30", None, "Nghị quyết số 04-NQ/TW ngày 30-10-2016")],
    ),
    (
        "Kết luận số 01-KL/TW ngày 18-5-2021 của Bộ Chính trị",
        [("01-KL/TW", "Kết luận", "TW", "2021-05-18", "Bộ Chính trị", "Kết luận số 01-KL/TW ngày 18-5-2021 của Bộ Chính trị")],
    ),
    (
        "Thông báo số 250-TB/TU ngày 5-5-2020 của Thường trực Tỉnh ủy",
        [
            (
                "250-TB/TU",
                "Thông báo",
                "TU",
                "2020-05-05",
                "Thường trực Tỉnh ủy",
                "Thông báo số 250-TB/TU ngày 5-5-2020 của Thường trực Tỉnh ủy",
            )
        ],
    ),
    (
        "Nghị quyết số 01-NQ/ĐH của Đại hội",
        [("01-NQ/ĐH", "Nghị quyết", "ĐH", None, "Đại hội", "Nghị quyết số 01-NQ/ĐH của Đại hội")],
    ),
    (
        "Quyết định số 3210-QĐ/HU của Ban Thường vụ Huyện ủy",
        [
            (
                "3210-QĐ/HU",
                "Quyết định",
                "HU",
                None,
                "Ban Thường vụ Huyện ủy",
                "Quyết định số 3210-QĐ/HU của Ban Thường vụ Huyện ủy",
            )
        ],
    ),
    (
        "Quyết định số 45-QĐ/ĐU ngày 1-7-2025 của Ban Thường vụ Đảng ủy",
        [
            (
                "45-QĐ/ĐU",
                "Quyết định",
                "ĐU",
                "2025-07-01",
                "Ban Thường vụ Đảng ủy",
                "Quyết định số 45-QĐ/ĐU ngày 1-7-2025 của Ban Thường vụ Đảng ủy",
            )
        ],
    ),
    ("Hướng dẫn số 03-HD/BTGTU", [("03-HD/BTGTU", "Hướng dẫn", "BTGTU", None, None, "Hướng dẫn số 03-HD/BTGTU")]),
    (
        "Nghị quyết số 02-NQ/ĐU ngày 20-1-2021 của Đảng ủy Khối các cơ quan tỉnh",
        [
            (
                "02-NQ/ĐU",
                "Nghị quyết",
                "ĐU",
                "2021-01-20",
                "Đảng ủy Khối các cơ quan tỉnh",
                "Nghị quyết số 02-NQ/ĐU ngày 20-1-2021 của Đảng ủy Khối các cơ quan tỉnh",
            )
        ],
    ),
    # --- State documents -----------------------------------------------------------------------------------------
    (
        "Nghị định số 13/2023/NĐ-CP, ngày 17-4-2023 của Chính phủ về bảo vệ dữ liệu cá nhân",
        [
            (
                "13/2023/NĐ-CP",
                "Nghị định",
                "CP",
                "2023-04-17",
                "Chính phủ",
                "Nghị định số 13/2023/NĐ-CP, ngày 17-4-2023 của Chính phủ",
            )
        ],
    ),
    (
        "Nghị định 30/2020/NĐ-CP về công tác văn thư",
        [("30/2020/NĐ-CP", "Nghị định", "CP", None, None, "Nghị định 30/2020/NĐ-CP")],
    ),
    (
        "Thông tư số 01/2021/TT-BNV ngày 11/01/2021 của Bộ Nội vụ",
        [
            (
                "01/2021/TT-BNV",
                "Thông tư",
                "BNV",
                "2021-01-11",
                "Bộ Nội vụ",
                "Thông tư số 01/2021/TT-BNV ngày 11/01/2021 của Bộ Nội vụ",
            )
        ],
    ),
    (
        "Thông tư liên tịch số 03/2014/TTLT-BNV-BTC",
        [("03/2014/TTLT-BNV-BTC", "Thông tư liên tịch", "BNV-BTC", None, None, "Thông tư liên tịch số 03/2014/TTLT-BNV-BTC")],
    ),
    (
        "Quyết định số 123/QĐ-TTg ngày 05/3/2021 của Thủ tướng Chính phủ",
        [
            (
                "123/QĐ-TTg",
                "Quyết định",
                "TTg",
                "2021-03-05",
                "Thủ tướng Chính phủ",
                "Quyết định số 123/QĐ-TTg ngày 05/3/2021 của Thủ tướng Chính phủ",
            )
        ],
    ),
    (
        "Quyết định số 20/2021/QĐ-UBND của Ủy ban nhân dân tỉnh",
        [
            (
                "20/2021/QĐ-UBND",
                "Quyết định",
                "UBND",
                None,
                "Ủy ban nhân dân tỉnh",
                "Quyết định số 20/2021/QĐ-UBND của Ủy ban nhân dân tỉnh",
            )
        ],
    ),
    ("Nghị quyết số 12/2020/NQ-HĐND", [("12/2020/NQ-HĐND", "Nghị quyết", "HĐND", None, None, "Nghị quyết số 12/2020/NQ-HĐND")]),
    ("Luật số 65/2020/QH14 sửa đổi", [("65/2020/QH14", "Luật", "QH14", None, None, "Luật số 65/2020/QH14")]),
    (
        "Công văn số 456/BNV-TCBC ngày 1-2-2022",
        [("456/BNV-TCBC", "Công văn", "BNV-TCBC", "2022-02-01", None, "Công văn số 456/BNV-TCBC ngày 1-2-2022")],
    ),
    (
        "Chỉ thị số 15/CT-TTg ngày 27/3/2020",
        [("15/CT-TTg", "Chỉ thị", "TTg", "2020-03-27", None, "Chỉ thị số 15/CT-TTg ngày 27/3/2020")],
    ),
    ("Công điện số 01/CĐ-TTg", [("01/CĐ-TTg", "Công điện", "TTg", None, None, "Công điện số 01/CĐ-TTg")]),
    (
        "Nghị định số 138/2020/NĐ-CP ngày 27-11-2020",
        [("138/2020/NĐ-CP", "Nghị định", "CP", "2020-11-27", None, "Nghị định số 138/2020/NĐ-CP ngày 27-11-2020")],
    ),
    ("Thông tư 02/2023/TT-BNV", [("02/2023/TT-BNV", "Thông tư", "BNV", None, None, "Thông tư 02/2023/TT-BNV")]),
    ("Quyết định số 1847/QĐ-TTg", [("1847/QĐ-TTg", "Quyết định", "TTg", None, None, "Quyết định số 1847/QĐ-TTg")]),
    (
        "Kế hoạch số 52/KH-UBND ngày 9/3/2023",
        [("52/KH-UBND", "Kế hoạch", "UBND", "2023-03-09", None, "Kế hoạch số 52/KH-UBND ngày 9/3/2023")],
    ),
    (
        "Nghị quyết số 76/2025/UBTVQH15",
        [("76/2025/UBTVQH15", "Nghị quyết", "UBTVQH15", None, None, "Nghị quyết số 76/2025/UBTVQH15")],
    ),
    # --- variants of spacing, dashes, dates, case and diacritics ----------------------------------------------
    (
        "Quyết định số 1628 - QĐ/TU ngày 27-6-2019",
        [("1628-QĐ/TU", "Quyết định", "TU", "2019-06-27", None, "Quyết định số 1628 - QĐ/TU ngày 27-6-2019")],
    ),
    ("Quyết định số 1628-QĐ / TU", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "Quyết định số 1628-QĐ / TU")]),
    (
        "Quyết định số 1628–QĐ/TU, ngày 27–6–2019",
        [("1628-QĐ/TU", "Quyết định", "TU", "2019-06-27", None, "Quyết định số 1628–QĐ/TU, ngày 27–6–2019")],
    ),
    ("Quyết định số 1628—QĐ/TU", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "Quyết định số 1628—QĐ/TU")]),
    ("Quyết định số 1628\u2011QĐ/TU", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "Quyết định số 1628\u2011QĐ/TU")]),
    (
        "Quyết định số 1628-QĐ/TU ngày 27/6/2019",
        [("1628-QĐ/TU", "Quyết định", "TU", "2019-06-27", None, "Quyết định số 1628-QĐ/TU ngày 27/6/2019")],
    ),
    (
        "Quyết định số 1628-QĐ/TU ngày 27.6.2019",
        [("1628-QĐ/TU", "Quyết định", "TU", "2019-06-27", None, "Quyết định số 1628-QĐ/TU ngày 27.6.2019")],
    ),
    (
        "Quyết định số 1628-QĐ/TU ngày 27 - 6 - 2019",
        [("1628-QĐ/TU", "Quyết định", "TU", "2019-06-27", None, "Quyết định số 1628-QĐ/TU ngày 27 - 6 - 2019")],
    ),
    (
        "Quyết định số 1628-QĐ/TU ngày 27 tháng 6 năm 2019 của Ban Thường vụ Tỉnh ủy",
        [
            (
                "1628-QĐ/TU",
                "Quyết định",
                "TU",
                "2019-06-27",
                TU,
                "Quyết định số 1628-QĐ/TU ngày 27 tháng 6 năm 2019 của Ban Thường vụ Tỉnh ủy",
            )
        ],
    ),
    (
        "Quyết định số 1628-QĐ/TU (27/6/2019)",
        [("1628-QĐ/TU", "Quyết định", "TU", "2019-06-27", None, "Quyết định số 1628-QĐ/TU (27/6/2019)")],
    ),
    ("Quyết định số: 1628-QĐ/TU", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "Quyết định số: 1628-QĐ/TU")]),
    ("QUYẾT ĐỊNH SỐ 1628-QĐ/TU", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "QUYẾT ĐỊNH SỐ 1628-QĐ/TU")]),
    ("quyết định số 1628-QĐ/TU", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "quyết định số 1628-QĐ/TU")]),
    ("Quyết định số 1628-QD/TU", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "Quyết định số 1628-QD/TU")]),
    ("Quy định số 07-QDi/TW", [("07-QĐi/TW", "Quy định", "TW", None, None, "Quy định số 07-QDi/TW")]),
    ("Quy định số 07 - QĐi / TW", [("07-QĐi/TW", "Quy định", "TW", None, None, "Quy định số 07 - QĐi / TW")]),
    ("Nghị định số 13 / 2023 / NĐ - CP", [("13/2023/NĐ-CP", "Nghị định", "CP", None, None, "Nghị định số 13 / 2023 / NĐ - CP")]),
    ("Nghị định số 13/2023/ND-CP", [("13/2023/NĐ-CP", "Nghị định", "CP", None, None, "Nghị định số 13/2023/ND-CP")]),
    ("Nghị định số 13/2023/NĐ–CP", [("13/2023/NĐ-CP", "Nghị định", "CP", None, None, "Nghị định số 13/2023/NĐ–CP")]),
    ("Quyết định số 123/QĐ-Ttg", [("123/QĐ-TTg", "Quyết định", "TTg", None, None, "Quyết định số 123/QĐ-Ttg")]),
    (
        "Chỉ thị số 33-CT/TW ngày 18 tháng 3 năm 2019 của Ban Bí thư",
        [
            (
                "33-CT/TW",
                "Chỉ thị",
                "TW",
                "2019-03-18",
                "Ban Bí thư",
                "Chỉ thị số 33-CT/TW ngày 18 tháng 3 năm 2019 của Ban Bí thư",
            )
        ],
    ),
    (
        "Chỉ thị số 33-CT/TW của Ban Bí thư ngày 18-3-2019",
        [("33-CT/TW", "Chỉ thị", "TW", "2019-03-18", "Ban Bí thư", "Chỉ thị số 33-CT/TW của Ban Bí thư ngày 18-3-2019")],
    ),
    (
        "Chỉ thị số 33-CT/TW ban hành ngày 18/3/2019",
        [("33-CT/TW", "Chỉ thị", "TW", "2019-03-18", None, "Chỉ thị số 33-CT/TW ban hành ngày 18/3/2019")],
    ),
    (
        "Hướng dẫn số 08-HD/BTCTU,ngày 7-8-2018",
        [("08-HD/BTCTU", "Hướng dẫn", "BTCTU", "2018-08-07", None, "Hướng dẫn số 08-HD/BTCTU,ngày 7-8-2018")],
    ),
    ("Hướng dẫn số\u00a008-HD/BTCTU", [("08-HD/BTCTU", "Hướng dẫn", "BTCTU", None, None, "Hướng dẫn số\u00a008-HD/BTCTU")]),
    ("Hướng dẫn  số  08-HD/BTCTU", [("08-HD/BTCTU", "Hướng dẫn", "BTCTU", None, None, "Hướng dẫn  số  08-HD/BTCTU")]),
    ("Đề án 08-DA/TU", [("08-DA/TU", "Dự án", "TU", None, None, "Đề án 08-DA/TU")]),
    ("Đề án số 08-ĐA/TU", [("08-ĐA/TU", "Đề án", "TU", None, None, "Đề án số 08-ĐA/TU")]),
    ("Kết luận số 21—KL/TW", [("21-KL/TW", "Kết luận", "TW", None, None, "Kết luận số 21—KL/TW")]),
    # a date that does not exist is not the citation's date
    ("Quyết định số 1628-QĐ/TU ngày 31-2-2019", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "Quyết định số 1628-QĐ/TU")]),
    # --- bare symbols and lists ------------------------------------------------------------------------------
    ("(theo 1628-QĐ/TU)", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "1628-QĐ/TU")]),
    ("số 1628-QĐ/TU", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "số 1628-QĐ/TU")]),
    (
        "các Quyết định số 12-QĐ/TU, 13-QĐ/TU và 14-QĐ/TU",
        [
            ("12-QĐ/TU", "Quyết định", "TU", None, None, "Quyết định số 12-QĐ/TU"),
            ("13-QĐ/TU", "Quyết định", "TU", None, None, "13-QĐ/TU"),
            ("14-QĐ/TU", "Quyết định", "TU", None, None, "14-QĐ/TU"),
        ],
    ),
    (
        "Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW ngày 25-10-2017",
        [
            ("18-NQ/TW", "Nghị quyết", "TW", None, None, "Nghị quyết số 18-NQ/TW"),
            ("19-NQ/TW", "Nghị quyết", "TW", "2017-10-25", None, "Nghị quyết số 19-NQ/TW ngày 25-10-2017"),
        ],
    ),
    (
        "Căn cứ Quy định số 24-QĐ/TW ngày 30-7-2021 của Ban Chấp hành Trung ương; Hướng dẫn số 12-HD/BTCTW ngày 6-7-2022 của Ban Tổ chức Trung ương;",
        [
            (
                "24-QĐ/TW",
                "Quy định",
                "TW",
                "2021-07-30",
                "Ban Chấp hành Trung ương",
                "Quy định số 24-QĐ/TW ngày 30-7-2021 của Ban Chấp hành Trung ương",
            ),
            (
                "12-HD/BTCTW",
                "Hướng dẫn",
                "BTCTW",
                "2022-07-06",
                "Ban Tổ chức Trung ương",
                "Hướng dẫn số 12-HD/BTCTW ngày 6-7-2022 của Ban Tổ chức Trung ương",
            ),
        ],
    ),
    (
        "thực hiện Nghị định số 13/2023/NĐ-CP và Quyết định số 1628-QĐ/TU",
        [
            ("13/2023/NĐ-CP", "Nghị định", "CP", None, None, "Nghị định số 13/2023/NĐ-CP"),
            ("1628-QĐ/TU", "Quyết định", "TU", None, None, "Quyết định số 1628-QĐ/TU"),
        ],
    ),
    ("13/2023/NĐ-CP", [("13/2023/NĐ-CP", "Nghị định", "CP", None, None, "13/2023/NĐ-CP")]),
    ("Điều 5 Quy định 69-QĐ/TW", [("69-QĐ/TW", "Quy định", "TW", None, None, "Quy định 69-QĐ/TW")]),
    ("“Quyết định số 1628-QĐ/TU”", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "Quyết định số 1628-QĐ/TU")]),
    ("Quyết định số 1628-QĐ/TU.", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "Quyết định số 1628-QĐ/TU")]),
    ("Quyết định số 1628-QĐ/TU;", [("1628-QĐ/TU", "Quyết định", "TU", None, None, "Quyết định số 1628-QĐ/TU")]),
    (
        "Quyết định số 1628-QĐ/TU\nngày 27-6-2019",
        [("1628-QĐ/TU", "Quyết định", "TU", "2019-06-27", None, "Quyết định số 1628-QĐ/TU\nngày 27-6-2019")],
    ),
]

#: Texts with numbers, dates, fractions and codes that are no document reference.
NOT_CITATIONS: list[str] = [
    "Ngày 27/6/2019 có 12/50 đảng viên; 3/2 tổ chức; tỷ lệ 99/100.",
    "Tòa soạn: Số 02 Trần Hưng Đạo, phường 2, TP. Sóc Trăng; điện thoại 0299.3822.101",
    "Giai đoạn 2015-2020 và 2020-2025, nhiệm kỳ 2020 - 2025",
    "COVID-19, mã hàng 1234-AB/CD, phiên bản 2.0/3",
    "đạt 98,5% so với năm 2019/2020; mục tiêu 10/10 chỉ tiêu",
    "Nghị quyết Đại hội XIII của Đảng và Nghị quyết Trung ương 4 khóa XII",
    "đường 30/4, ngày 2/9, lúc 10h30/ngày",
]
