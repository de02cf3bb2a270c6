/* list.c — a cursor in a list and the rows on screen (contract in list.h). */
#include "autoconfig.h"

#include "list.h"

bool list_step(enum action act, int height, long *delta)
{
    long page = height > 2 ? height - 2 : 1, half = page / 2 > 0 ? page / 2 : 1;

    switch (act) {
    case ACT_DOWN:
        *delta = 1;
        return true;
    case ACT_UP:
        *delta = -1;
        return true;
    case ACT_PAGE_DOWN:
        *delta = page;
        return true;
    case ACT_PAGE_UP:
        *delta = -page;
        return true;
    case ACT_HALF_DOWN:
        *delta = half;
        return true;
    case ACT_HALF_UP:
        *delta = -half;
        return true;
    default:
        return false;
    }
}

size_t list_move(size_t cur, long delta, size_t count)
{
    long target = (long)cur + delta;

    if (count == 0 || target < 0)
        return 0;
    return target >= (long)count ? count - 1 : (size_t)target;
}

void list_keep_visible(int *top, int row, int height, int total)
{
    int margin = height > 2 * LIST_MARGIN + 1 ? LIST_MARGIN : 0;

    if (row - margin < *top)
        *top = row - margin;
    if (row + margin >= *top + height)
        *top = row + margin - height + 1;
    if (*top > total - height)
        *top = total - height;
    if (*top < 0)
        *top = 0;
}
