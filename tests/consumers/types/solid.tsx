/** @jsxImportSource solid-js */
import type {} from 'kundenwert/jsx/solid';

export const view = <tcv-calculator locale="de" prop:churnRate={0.05} on:kw-change={(e) => console.log(e.detail.result.tcv)} />;
