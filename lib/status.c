#include <string.h>

#include "status.h"

static const char *const names[] = {
	[STATUS_NONE] = "",
	[STATUS_NOT_STARTED] = "not_started",
	[STATUS_BEHIND] = "behind",
	[STATUS_ON_TRACK] = "on_track",
	[STATUS_AHEAD] = "ahead",
	[STATUS_ACHIEVED] = "achieved",
	[STATUS_MISSED] = "missed",
	[STATUS_NO_TARGET] = "no_target",
};

enum tgt_status
status_decide(const struct status_facts *f, double behind, double ahead)
{
	if (!f->has_target)
		return STATUS_NO_TARGET;
	if (f->target == 0 && f->actual <= 0)
		return STATUS_NONE;
	if (f->actual >= f->target)
		return STATUS_ACHIEVED;
	if (f->over)
		return STATUS_MISSED;
	if (!f->started)
		return STATUS_NOT_STARTED;
	if (!f->has_pace)
		return STATUS_ON_TRACK;
	if (f->pace_pct < behind)
		return STATUS_BEHIND;
	if (f->pace_pct > ahead)
		return STATUS_AHEAD;
	return STATUS_ON_TRACK;
}

const char *
status_name(enum tgt_status s)
{
	return (size_t)s < sizeof(names) / sizeof(names[0]) ? names[s] : "";
}

bool
status_parse(const char *s, enum tgt_status *out)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], s) == 0) {
			*out = (enum tgt_status)i;
			return true;
		}
	return false;
}
