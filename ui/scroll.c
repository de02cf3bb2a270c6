#include "autoconfig.h"

#include "scroll.h"

bool scroll_by_action(int *top, enum action act, int height, int total)
{
    int page = height > 2 ? height - 2 : 1;
    int max = total - height > 0 ? total - height : 0;
    int t = *top;

    switch (act) {
    case ACT_DOWN:
        t++;
        break;
    case ACT_UP:
        t--;
        break;
    case ACT_PAGE_DOWN:
        t += page;
        break;
    case ACT_PAGE_UP:
        t -= page;
        break;
    case ACT_HALF_DOWN:
        t += page / 2 > 0 ? page / 2 : 1;
        break;
    case ACT_HALF_UP:
        t -= page / 2 > 0 ? page / 2 : 1;
        break;
    case ACT_TOP:
        t = 0;
        break;
    case ACT_BOTTOM:
        t = max;
        break;
    default:
        return false;
    }
    *top = t > max ? max : t < 0 ? 0 : t;
    return true;
}
