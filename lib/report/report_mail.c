/* placeholder */
#include "report_html.h"
void
report_mail(FILE *fp, const struct report *r, const struct report_opts *o)
{
	(void)fp; (void)r; (void)o;
}
