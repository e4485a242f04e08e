(function(){
  function key(td){var v=td.getAttribute('data-v');if(v!==null&&v!==''){return [0,parseFloat(v)];}
    return [1,td.textContent.trim().toLowerCase()];}
  function sortBy(table,col,th){
    var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
    table.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
    th.setAttribute('aria-sort',dir);
    var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
    rows.forEach(function(r,i){r._i=i;});
    rows.sort(function(a,b){var x=key(a.cells[col]),y=key(b.cells[col]);var c;
      if(x[0]!==y[0]){c=x[0]-y[0];}else if(x[0]===0){c=x[1]-y[1];}else{c=x[1].localeCompare(y[1],'ru');}
      if(dir==='descending'){c=-c;}return c||a._i-b._i;});
    rows.forEach(function(r){body.appendChild(r);});
  }
  document.querySelectorAll('table.sortable').forEach(function(table){
    table.querySelectorAll('thead th').forEach(function(th,col){
      th.addEventListener('click',function(){sortBy(table,col,th);});
      th.addEventListener('keydown',function(e){
        if(e.key==='Enter'||e.key===' '){e.preventDefault();sortBy(table,col,th);}});
    });
  });
  document.documentElement.setAttribute('data-ready','1');
})();
