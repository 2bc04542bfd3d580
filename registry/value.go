package registry

// ValueType says how a field's value is read, normalised and validated.
type ValueType string

// Value types used by the form layouts.
const (
	TypeText        ValueType = "text"        // free text, kept as read (NFC, single spaces)
	TypeName        ValueType = "name"        // a person's full name
	TypeSex         ValueType = "sex"         // Nam / Nữ
	TypeDate        ValueType = "date"        // a date, day or month or year precision
	TypeDateWords   ValueType = "dateWords"   // a date written in words
	TypeYear        ValueType = "year"        // a year of birth
	TypeEthnicity   ValueType = "ethnicity"   // one of the 54 ethnic groups
	TypeNationality ValueType = "nationality" // Việt Nam or another country
	TypePlace       ValueType = "place"       // an address or place name
	TypePersonalID  ValueType = "pid"         // 12-digit số định danh cá nhân
	TypeIDDocument  ValueType = "iddoc"       // CMND, CCCD or passport number, or a document description
	TypeNumber      ValueType = "number"      // an entry or page number
	TypeDecision    ValueType = "decision"    // a decision's number, "125/QĐ-UBND"
	TypeDocNumber   ValueType = "docno"       // another paper's number, "117/GBT", "340/2018/GBT"
	TypeRelation    ValueType = "relation"    // relationship to the registered person
	TypeDeathTime   ValueType = "deathTime"   // time and date of death
	TypeSigner      ValueType = "signer"      // the signer's name
	TypeTitle       ValueType = "title"       // the signer's title
	TypeTick        ValueType = "tick"        // which tick box is marked
	TypeRemark      ValueType = "remark"      // the Ghi chú column
	TypeCause       ValueType = "cause"       // a cause of death
)
