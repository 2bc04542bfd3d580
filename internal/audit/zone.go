package audit

import "time"

// zone is Vietnam's time, for dates shown to people.
var zone = time.FixedZone("ICT", 7*3600)
