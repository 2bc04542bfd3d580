package review

import (
	"time"

	"github.com/civreg/civreg/registry"
)

// eventText names an audit event in Vietnamese.
func eventText(a string) string {
	if t, ok := eventTexts[a]; ok {
		return t
	}
	return a
}

var eventTexts = map[string]string{
	"page.stored":       "Quét và lưu trang",
	"page.failed":       "Quét trang thất bại",
	"field.confirmed":   "Xác nhận giá trị",
	"field.corrected":   "Sửa giá trị",
	"field.blank":       "Đánh dấu để trống",
	"field.accepted":    "Máy chấp nhận: các trang khác trong lô đọc giống",
	"field.flagged":     "Máy chuyển cho người xem: số không liền với các trang bên cạnh",
	"task.keyed":        "Nhập lần 1",
	"task.disagreed":    "Hai lần nhập khác nhau",
	"task.arbitrated":   "Giám sát viên quyết định",
	"task.illegible":    "Đánh dấu không đọc được",
	"task.skipped":      "Bỏ qua",
	"record.verified":   "Bản ghi đã kiểm tra xong",
	"extract.issued":    "Cấp bản sao trích lục",
	"record.duplicate":  "Bản ghi trùng",
	"record.viewed":     "Xem bản ghi",
	"extract.reprinted": "In lại bản sao trích lục",
	"sync.resolved":     "Giám sát viên giải quyết xung đột khi đồng bộ",
	"sync.field":        "Lấy giá trị của trạm (giải quyết xung đột)",
}

// recordStatusText names a record's status.
func recordStatusText(s registry.RecordStatus) string {
	if s == registry.RecordVerified {
		return "đã kiểm tra xong"
	}
	return "còn trường cần xem"
}

// loc is the zone times are shown in: the station's local time.
func (s *Server) loc() *time.Location { return time.Local }

// roleText names a role in Vietnamese.
func roleText(r registry.Role) string {
	switch r {
	case registry.RoleReviewer:
		return "người xem lại"
	case registry.RoleSupervisor:
		return "giám sát viên"
	case registry.RoleIssuer:
		return "cán bộ cấp trích lục"
	}
	return string(r)
}
