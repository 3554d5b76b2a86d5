/** Placeholder: the Workload Lab is built in src/lab by its own engineer. */
export default function LabPage() {
  return (
    <main className="lab-placeholder">
      <h1>Workload lab</h1>
    </main>
  );
}
