/* test_list.c — the shared list movement and visibility (ui/list.c), alone. */
#include "autoconfig.h"

#include "../../ui/list.h"
#include "tap.h"

static void test_step(void)
{
    long d = 99;

    ok(list_step(ACT_DOWN, 20, &d) && d == 1, "down is one row");
    ok(list_step(ACT_UP, 20, &d) && d == -1, "up is one row back");
    ok(list_step(ACT_PAGE_DOWN, 20, &d) && d == 18, "a page keeps two rows of the last");
    ok(list_step(ACT_PAGE_UP, 20, &d) && d == -18, "and back");
    ok(list_step(ACT_HALF_DOWN, 20, &d) && d == 9, "half a page");
    ok(list_step(ACT_HALF_UP, 20, &d) && d == -9, "half a page back");
    ok(list_step(ACT_PAGE_DOWN, 2, &d) && d == 1, "a tiny screen still pages by one");
    ok(list_step(ACT_HALF_DOWN, 3, &d) && d == 1, "and half-pages by one");
    d = 99;
    ok(!list_step(ACT_TOP, 20, &d) && d == 99, "top is the pane's, delta untouched");
    ok(!list_step(ACT_OPEN, 20, &d), "so is any other action");
}

static void test_move(void)
{
    is_int(list_move(5, 1, 10), 6, "down one");
    is_int(list_move(5, -10, 10), 0, "stops at the first row");
    is_int(list_move(5, 100, 10), 9, "stops at the last row");
    is_int(list_move(0, 1, 0), 0, "an empty list keeps the cursor at 0");
    is_int(list_move(9, 0, 10), 9, "no move stays");
}

static void test_visible(void)
{
    int top = 0;

    list_keep_visible(&top, 5, 10, 100);
    is_int(top, 0, "a visible row does not scroll");
    list_keep_visible(&top, 8, 10, 100);
    is_int(top, 1, "two rows of context below the cursor");
    list_keep_visible(&top, 50, 10, 100);
    is_int(top, 43, "a far row scrolls just enough");
    list_keep_visible(&top, 44, 10, 100);
    is_int(top, 42, "two rows of context above the cursor");
    list_keep_visible(&top, 99, 10, 100);
    is_int(top, 90, "never past the end");
    list_keep_visible(&top, 0, 10, 100);
    is_int(top, 0, "never before the start");
    top = 0;
    list_keep_visible(&top, 3, 4, 10);
    is_int(top, 0, "a screen of four rows keeps no margin");
    list_keep_visible(&top, 4, 4, 10);
    is_int(top, 1, "and scrolls only to show the row");
    top = 7;
    list_keep_visible(&top, 2, 10, 5);
    is_int(top, 0, "a list shorter than the screen starts at its top");
}

int main(void)
{
    test_step();
    test_move();
    test_visible();
    return tap_done();
}
