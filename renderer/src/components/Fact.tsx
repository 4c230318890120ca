/** One labelled value in a <dl> of facts (the operator, the review, the licence). */
export function Fact({ label, value, name }: { label: string; value: string; name?: string }) {
  return (
    <div className="fact" data-fact={name}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
