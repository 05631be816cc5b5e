/*
 * calendar: working days ([calendar] workdays, holidays, extra_workdays).
 *
 * A day is a working day when its weekday is in the workdays set and it is
 * not a holiday, or when it is an extra (make-up) working day, 调休.
 */
#ifndef TGT_CALENDAR_H
#define TGT_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

struct calendar {
	unsigned workdays;	/* bit (weekday - 1): bit 0 Monday .. bit 6 Sunday */
	day_t	*holidays;	/* sorted, unique; owned */
	size_t	 nholidays;
	day_t	*extra;		/* sorted, unique; owned */
	size_t	 nextra;
};

/* Monday to Friday, no holidays. */
void	cal_init(struct calendar *cal);
void	cal_free(struct calendar *cal);

/* Parse "mon..fri", "mon,tue,wed,thu,fri,sat", "mon-fri", "一..五" is not
 * accepted; returns NULL or a reason. */
const char *cal_parse_workdays(const char *s, unsigned *mask);
/* Add dates (the list is sorted and de-duplicated). */
void	cal_add_holiday(struct calendar *cal, day_t day);
void	cal_add_extra(struct calendar *cal, day_t day);

bool	cal_is_workday(const struct calendar *cal, day_t day);
/* Days in [from, to] (inclusive; 0 when to < from); working days only
 * when workdays is true.  O(log holidays) plus weeks arithmetic. */
long	cal_count(const struct calendar *cal, day_t from, day_t to,
	    bool workdays);

#endif
