// Browser entry point.
const root = document.getElementById('app');
if (root) root.textContent = 'ReelSync';
