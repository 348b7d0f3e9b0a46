import type {} from 'kundenwert/jsx/vue';
import type { GlobalComponents } from 'vue';

type Props = InstanceType<GlobalComponents['clv-calculator']>['$props'];
export const props: Props = { locale: 'en', churnRate: 0.05, 'gross-margin': 0.8, onKwChange: (e) => console.log(e.detail.result.clv) };
