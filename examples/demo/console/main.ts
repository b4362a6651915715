document.getElementById('app')!.textContent = 'agent console';
