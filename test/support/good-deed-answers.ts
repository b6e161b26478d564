/** The answers that take a good-deed report from its start to the photo question (Tiểu khu 2, Hà Trung). */
export const GOOD_DEED_TO_PHOTOS: readonly string[] = [
  "/baotin", "đồng ý", "mot nguoi", "Đặng Văn Hùng", "bỏ qua", "cuu nguoi",
  "Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước.", "20/11/2026", "tk2, ha trung",
];
