// Must NOT compile: a mode the element does not have, and a wrong event detail.
import type {} from 'kundenwert/jsx/react';

export const bad = <clv-calculator mode="yearly" onkw-change={(e) => e.detail.nothing} />;
