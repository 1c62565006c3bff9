"""The award documents the window writes: kind and label, for the tab's buttons and the Xuất menu.

Apart from the tab so that the menu, built before the window's first paint,
does not import the whole awards tab and its services.
"""

EXPORTS = (("decision", "Quyết định và danh sách kèm theo"), ("list", "Danh sách khen thưởng"),
           ("submission", "Tờ trình"), ("ballots", "Phiếu biểu quyết"), ("minutes", "Biên bản họp Hội đồng"),
           ("certificates", "Giấy khen, bằng khen (A4 có khung)"), ("receipts", "Danh sách ký nhận"),
           ("figures", "Số liệu khen thưởng cho báo cáo tổng kết"))
