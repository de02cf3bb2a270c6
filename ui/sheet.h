/* sheet.h — a page of prepared lines: text placed and clipped once, drawn
 * many times.
 *
 * A pane that lays out a whole page (the stats) puts sanitised text and
 * chart cells on lines when its data, width or language change; drawing
 * then only copies what was placed, from any first line, with no
 * measuring, no allocation and no queries. Text is copied into the sheet;
 * cells are rendered into space the sheet reserves. No sanitising here:
 * every string given must have passed the text layer.
 */
#ifndef REFUGE_SHEET_H
#define REFUGE_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

#include "chart.h"
#include "theme.h"

/* A piece of text on a line: arena bytes, placed and clipped. */
struct sheet_seg {
    int x, width;
    size_t off, len;
    enum theme_role role;
    attr_t attrs;
};

struct sheet_line {
    size_t seg, nseg;
    size_t cell;      /* the first of ncells cells, drawn from column cell_x */
    int cell_x, ncells;
    int kind;         /* the caller's name for the cells, for their roles */
};

struct sheet {
    int width;
    struct sheet_line *lines;
    size_t nlines, lines_cap;
    struct sheet_seg *segs;
    size_t nsegs, segs_cap;
    char *arena;
    size_t arena_len, arena_cap;
    struct chart_cell *cells;
    size_t ncells, cells_cap;
};

/* Empties the sheet for a page `width` columns wide, keeping its memory. */
void sheet_clear(struct sheet *sh, int width);

/* Starts a new line; false when memory ran out. */
bool sheet_new_line(struct sheet *sh);

/* Puts text on the last line at column x, in at most `width` columns (cut
 * with an ellipsis when drawn, and never past the page). Returns the
 * columns it takes: 0 when there is no line, no room or memory ran out. */
int sheet_put(struct sheet *sh, int x, int width, const char *text, enum theme_role role,
              attr_t attrs);

/* Reserves n cells at the end of the cell store (lines refer to cells by
 * index, so later growth moves nothing); NULL when memory runs out. */
struct chart_cell *sheet_reserve_cells(struct sheet *sh, size_t n);

/* Gives the last line the n cells from index `first`, drawn from column x,
 * with the caller's `kind`. */
void sheet_line_cells(struct sheet *sh, size_t first, int x, int n, int kind);

/* Reserves n cells and gives them to the last line from column x; NULL
 * when they do not fit on the page or memory ran out. */
struct chart_cell *sheet_put_cells(struct sheet *sh, int x, int n, int kind);

/* Draws `height` lines from line `top`; a cell's role comes from
 * cell_role(its line's kind, its chart role). */
void sheet_draw(const struct sheet *sh, WINDOW *win, int top, int height,
                enum theme_role (*cell_role)(int kind, unsigned char role));

/* Frees everything; the sheet is empty afterwards. */
void sheet_free(struct sheet *sh);

#endif
